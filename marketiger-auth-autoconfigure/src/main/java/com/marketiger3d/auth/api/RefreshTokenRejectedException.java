package com.marketiger3d.auth.api;

/**
 * RefreshToken rejected the refresh token it was given (expired, already used or
 * revoked). The token must never be sent again; the only way back is Login.
 *
 * @since 0.1.0
 */
public class RefreshTokenRejectedException extends MarketigerAuthException {

	/**
	 * Create the exception.
	 * @param message the detail message
	 */
	public RefreshTokenRejectedException(String message) {
		super(message);
	}

	/**
	 * Create the exception with its cause.
	 * @param message the detail message
	 * @param cause the failure that caused it
	 */
	public RefreshTokenRejectedException(String message, Throwable cause) {
		super(message, cause);
	}

}
