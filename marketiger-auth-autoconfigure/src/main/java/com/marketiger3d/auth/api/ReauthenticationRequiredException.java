package com.marketiger3d.auth.api;

/**
 * No usable token can be obtained without new credentials: the refresh token is gone,
 * expired or rejected, and no e-mail and password are configured.
 *
 * @since 0.1.0
 */
public class ReauthenticationRequiredException extends MarketigerAuthException {

	/**
	 * Create the exception.
	 * @param message the detail message
	 */
	public ReauthenticationRequiredException(String message) {
		super(message);
	}

	/**
	 * Create the exception with its cause.
	 * @param message the detail message
	 * @param cause the failure that caused it
	 */
	public ReauthenticationRequiredException(String message, Throwable cause) {
		super(message, cause);
	}

}
