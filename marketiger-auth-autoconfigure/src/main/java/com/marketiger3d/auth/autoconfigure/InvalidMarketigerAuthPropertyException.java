package com.marketiger3d.auth.autoconfigure;

/**
 * A {@code marketiger.auth.*} property has a value the starter cannot work with. The
 * message names the property and never repeats a secret value.
 *
 * @since 0.1.0
 */
public class InvalidMarketigerAuthPropertyException extends IllegalStateException {

	private final String property;

	private final String problem;

	public InvalidMarketigerAuthPropertyException(String property, String problem) {
		super("Invalid configuration property '" + property + "': " + problem);
		this.property = property;
		this.problem = problem;
	}

	/**
	 * Return the full name of the offending property.
	 * @return for example {@code marketiger.auth.refresh-ahead}
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return what is wrong with its value.
	 * @return the problem, without the value
	 */
	public String getProblem() {
		return this.problem;
	}

}
