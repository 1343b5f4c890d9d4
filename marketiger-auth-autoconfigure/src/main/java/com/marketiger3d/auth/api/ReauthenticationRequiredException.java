package com.marketiger3d.auth.api;

/**
 * No usable token can be obtained without new credentials: the refresh token is gone,
 * expired or rejected, and no e-mail and password are configured.
 *
 * @since 0.1.0
 */
public class ReauthenticationRequiredException extends MarketigerAuthException {

	public ReauthenticationRequiredException(String message) {
		super(message);
	}

	public ReauthenticationRequiredException(String message, Throwable cause) {
		super(message, cause);
	}

}
