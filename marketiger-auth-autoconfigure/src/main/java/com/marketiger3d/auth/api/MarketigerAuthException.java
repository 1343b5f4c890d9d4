package com.marketiger3d.auth.api;

/**
 * Root of every failure raised by marketiger-auth. Messages never contain a token or a
 * password.
 *
 * @since 0.1.0
 */
public class MarketigerAuthException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param message the detail message
	 */
	public MarketigerAuthException(String message) {
		super(message);
	}

	/**
	 * Create the exception with its cause.
	 * @param message the detail message
	 * @param cause the failure that caused it
	 */
	public MarketigerAuthException(String message, Throwable cause) {
		super(message, cause);
	}

}
