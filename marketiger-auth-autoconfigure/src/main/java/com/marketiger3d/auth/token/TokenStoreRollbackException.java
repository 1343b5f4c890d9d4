package com.marketiger3d.auth.token;

import com.marketiger3d.auth.api.MarketigerAuthException;

/**
 * The token store holds an earlier pair of the lineage an instance knows: a store's
 * versions never go backwards, so someone put an older pair back, whose refresh token may
 * have been spent. The renewal sends nothing.
 *
 * @since 0.1.0
 */
public class TokenStoreRollbackException extends MarketigerAuthException {

	/**
	 * Create the exception.
	 * @param message the detail message
	 */
	public TokenStoreRollbackException(String message) {
		super(message);
	}

	/**
	 * Create the exception with its cause.
	 * @param message the detail message
	 * @param cause the failure that caused it
	 */
	public TokenStoreRollbackException(String message, Throwable cause) {
		super(message, cause);
	}

}
