package com.marketiger3d.auth.token.event;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Published after a successful RefreshToken, once the rotated pair is stored.
 *
 * @since 0.1.0
 */
public class TokenRefreshedEvent extends TokensObtainedEvent {

	/**
	 * Create the event.
	 * @param source the service that published the event
	 * @param sessionKey the session the tokens belong to
	 * @param accessTokenFingerprint the fingerprint of the new access token, never the
	 * token
	 * @param accessTokenExpiresAt when the new access token expires
	 * @param refreshTokenExpiresAt when the new refresh token expires, or {@code null}
	 * when the API issued none
	 */
	public TokenRefreshedEvent(Object source, String sessionKey, String accessTokenFingerprint,
			Instant accessTokenExpiresAt, @Nullable Instant refreshTokenExpiresAt) {
		super(source, sessionKey, accessTokenFingerprint, accessTokenExpiresAt, refreshTokenExpiresAt);
	}

}
