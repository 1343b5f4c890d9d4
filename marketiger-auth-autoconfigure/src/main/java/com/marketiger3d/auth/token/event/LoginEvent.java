package com.marketiger3d.auth.token.event;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Published after a successful Login, once the new pair is stored.
 *
 * @since 0.1.0
 */
public class LoginEvent extends TokensObtainedEvent {

	public LoginEvent(Object source, String sessionKey, String accessTokenFingerprint, Instant accessTokenExpiresAt,
			@Nullable Instant refreshTokenExpiresAt) {
		super(source, sessionKey, accessTokenFingerprint, accessTokenExpiresAt, refreshTokenExpiresAt);
	}

}
