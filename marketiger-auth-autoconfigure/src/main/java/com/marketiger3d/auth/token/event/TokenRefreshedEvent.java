package com.marketiger3d.auth.token.event;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Published after a successful RefreshToken, once the rotated pair is stored.
 *
 * @since 0.1.0
 */
public class TokenRefreshedEvent extends TokensObtainedEvent {

	public TokenRefreshedEvent(Object source, String sessionKey, String accessTokenFingerprint,
			Instant accessTokenExpiresAt, @Nullable Instant refreshTokenExpiresAt) {
		super(source, sessionKey, accessTokenFingerprint, accessTokenExpiresAt, refreshTokenExpiresAt);
	}

}
