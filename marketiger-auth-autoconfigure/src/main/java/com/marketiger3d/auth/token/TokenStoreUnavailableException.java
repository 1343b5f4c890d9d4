package com.marketiger3d.auth.token;

import com.marketiger3d.auth.api.MarketigerAuthException;

/**
 * A shared {@link TokenStore} or its {@link RefreshCoordinator} could not be reached, or
 * a refresh lease could not be held long enough. Transient: the service keeps serving a
 * still-valid token and tries again after a backoff.
 *
 * @since 0.1.0
 */
public class TokenStoreUnavailableException extends MarketigerAuthException {

	/**
	 * Create the exception.
	 * @param message the detail message
	 */
	public TokenStoreUnavailableException(String message) {
		super(message);
	}

	/**
	 * Create the exception with its cause.
	 * @param message the detail message
	 * @param cause the failure that caused it
	 */
	public TokenStoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
