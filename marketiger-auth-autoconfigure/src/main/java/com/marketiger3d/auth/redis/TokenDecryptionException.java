package com.marketiger3d.auth.redis;

import com.marketiger3d.auth.api.MarketigerAuthException;

/**
 * The pair stored in Redis cannot be read with the configured encryption key: it was
 * written with another key, or without the key it needs, or it was altered.
 *
 * @since 0.1.0
 */
public class TokenDecryptionException extends MarketigerAuthException {

	/**
	 * Create the exception.
	 * @param message the detail message
	 */
	public TokenDecryptionException(String message) {
		super(message);
	}

	/**
	 * Create the exception with its cause.
	 * @param message the detail message
	 * @param cause the failure that caused it
	 */
	public TokenDecryptionException(String message, Throwable cause) {
		super(message, cause);
	}

}
