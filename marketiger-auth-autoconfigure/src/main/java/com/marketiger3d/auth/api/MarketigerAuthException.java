package com.marketiger3d.auth.api;

/**
 * Root of every failure raised by marketiger-auth. Messages never contain a token or a
 * password.
 *
 * @since 0.1.0
 */
public class MarketigerAuthException extends RuntimeException {

	public MarketigerAuthException(String message) {
		super(message);
	}

	public MarketigerAuthException(String message, Throwable cause) {
		super(message, cause);
	}

}
