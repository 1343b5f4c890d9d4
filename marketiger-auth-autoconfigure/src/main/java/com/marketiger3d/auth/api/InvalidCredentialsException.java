package com.marketiger3d.auth.api;

/**
 * Login rejected the e-mail and password: the service account's configured ones, or the
 * ones a user gave to connect their account. Retrying with the same credentials cannot
 * succeed.
 *
 * @since 0.1.0
 */
public class InvalidCredentialsException extends MarketigerAuthException {

	/**
	 * Create the exception.
	 * @param message the detail message
	 */
	public InvalidCredentialsException(String message) {
		super(message);
	}

	/**
	 * Create the exception with its cause.
	 * @param message the detail message
	 * @param cause the failure that caused it
	 */
	public InvalidCredentialsException(String message, Throwable cause) {
		super(message, cause);
	}

}
