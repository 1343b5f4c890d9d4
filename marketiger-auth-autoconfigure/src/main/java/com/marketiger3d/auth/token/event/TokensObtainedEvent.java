package com.marketiger3d.auth.token.event;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Base of the events for a new pair: its fingerprint and expiry instants.
 *
 * @since 0.1.0
 */
public abstract class TokensObtainedEvent extends TokenLifecycleEvent {

	private final String accessTokenFingerprint;

	private final Instant accessTokenExpiresAt;

	private final @Nullable Instant refreshTokenExpiresAt;

	protected TokensObtainedEvent(Object source, String sessionKey, String accessTokenFingerprint,
			Instant accessTokenExpiresAt, @Nullable Instant refreshTokenExpiresAt) {
		super(source, sessionKey);
		this.accessTokenFingerprint = accessTokenFingerprint;
		this.accessTokenExpiresAt = accessTokenExpiresAt;
		this.refreshTokenExpiresAt = refreshTokenExpiresAt;
	}

	public String getAccessTokenFingerprint() {
		return this.accessTokenFingerprint;
	}

	public Instant getAccessTokenExpiresAt() {
		return this.accessTokenExpiresAt;
	}

	/**
	 * When the new refresh token expires.
	 * @return the instant, or {@code null} when the API issued no refresh token
	 */
	public @Nullable Instant getRefreshTokenExpiresAt() {
		return this.refreshTokenExpiresAt;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[session=" + getSessionKey() + ", accessToken="
				+ this.accessTokenFingerprint + ", expiresAt=" + this.accessTokenExpiresAt + "]";
	}

}
