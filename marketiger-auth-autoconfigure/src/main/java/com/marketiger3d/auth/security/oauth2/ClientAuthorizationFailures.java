package com.marketiger3d.auth.security.oauth2;

import com.marketiger3d.auth.api.InvalidCredentialsException;
import com.marketiger3d.auth.api.MalformedAuthResponseException;
import com.marketiger3d.auth.api.MarketigerAuthException;
import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import com.marketiger3d.auth.api.RefreshTokenRejectedException;
import com.marketiger3d.auth.api.TransientAuthFailureException;
import com.marketiger3d.auth.token.MarketigerAccountNotConnectedException;

import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * Maps the engine's failures to Spring Security's {@link ClientAuthorizationException},
 * with the MarkeTiger exception as cause:
 * <ul>
 * <li>{@code invalid_grant} (Spring Security's failure handlers then remove the stored
 * client, and the user must connect again): RefreshToken rejected the refresh token,
 * Login rejected the credentials, or an expired client has no usable refresh token;</li>
 * <li>{@code temporarily_unavailable} (the client is kept): a transient failure (IO,
 * timeout, 5xx, 429) once retries ran out, or a call refused while the calls pause after
 * one;</li>
 * <li>{@code server_error} (the client is kept): an answer that is not the documented
 * envelope.</li>
 * </ul>
 */
final class ClientAuthorizationFailures {

	private final String registrationId;

	ClientAuthorizationFailures(String registrationId) {
		this.registrationId = registrationId;
	}

	/**
	 * Return whether a failed refresh may wait for a later request while the held access
	 * token is still valid: a transient failure, a malformed answer, or a session that
	 * cannot be renewed now.
	 */
	static boolean isRetryLater(Throwable failure) {
		return failure instanceof TransientAuthFailureException || failure instanceof MalformedAuthResponseException
				|| failure instanceof ReauthenticationRequiredException;
	}

	/**
	 * Return {@code failure} as Spring Security reports it; anything that is not a
	 * MarkeTiger failure as it is. A user's session that ended because RefreshToken
	 * rejected its refresh token reports the rejection.
	 */
	Throwable translate(Throwable failure) {
		if (failure instanceof MarketigerAccountNotConnectedException
				&& failure.getCause() instanceof RefreshTokenRejectedException rejected) {
			failure = rejected;
		}
		if (!(failure instanceof MarketigerAuthException)) {
			return failure;
		}
		String code;
		String description;
		if (failure instanceof RefreshTokenRejectedException) {
			code = OAuth2ErrorCodes.INVALID_GRANT;
			description = "MarkeTiger rejected the refresh token: the user must connect the MarkeTiger account again";
		}
		else if (failure instanceof ReauthenticationRequiredException) {
			code = OAuth2ErrorCodes.INVALID_GRANT;
			description = "The MarkeTiger access token expired and cannot be refreshed: the user must connect the"
					+ " MarkeTiger account again";
		}
		else if (failure instanceof InvalidCredentialsException) {
			code = OAuth2ErrorCodes.INVALID_GRANT;
			description = "MarkeTiger Login rejected the e-mail and password";
		}
		else if (failure instanceof TransientAuthFailureException) {
			code = OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE;
			description = "MarkeTiger auth is unavailable for now (" + failure.getMessage() + "); try again later";
		}
		else {
			code = OAuth2ErrorCodes.SERVER_ERROR;
			description = "MarkeTiger auth answered unexpectedly (" + failure.getMessage() + ")";
		}
		return new ClientAuthorizationException(new OAuth2Error(code, description, null), this.registrationId, failure);
	}

}
