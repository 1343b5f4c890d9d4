package com.marketiger3d.auth.api;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code error.type} values of the API's failure envelope, each with the numeric
 * value the documentation lists beside its name. The API may send either form.
 *
 * @since 0.1.0
 */
public enum ApiErrorType {

	/** What was asked for does not exist (0). */
	NOT_FOUND(0),

	/** The operation failed (1). */
	OPERATION_FAILED(1),

	/** The credentials or the token were not accepted (2). */
	AUTHENTICATION(2),

	/** The request's parameters were wrong (3). */
	INCORRECT_PARAMETERS(3),

	/** The account may not do this (4). */
	NO_PERMISSION(4),

	/** The project named does not exist or is not the account's (5). */
	INCORRECT_PROJECT(5);

	private final int value;

	ApiErrorType(int value) {
		this.value = value;
	}

	/**
	 * Give the number the documentation lists for this type.
	 * @return the numeric value
	 */
	public int value() {
		return this.value;
	}

	/**
	 * Find the type for a numeric value.
	 * @param value the documented number
	 * @return the type, or empty for an unknown number
	 */
	public static Optional<ApiErrorType> fromValue(long value) {
		for (ApiErrorType type : values()) {
			if (type.value == value) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

	/**
	 * Find the type for a name, ignoring case.
	 * @param name the documented name
	 * @return the type, or empty for an unknown name
	 */
	public static Optional<ApiErrorType> fromName(String name) {
		String wanted = name.trim().toUpperCase(Locale.ROOT);
		for (ApiErrorType type : values()) {
			if (type.name().equals(wanted)) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

}
