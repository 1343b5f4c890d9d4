package com.marketiger3d.auth.token.event;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Base of the events for a new pair: its fingerprint and expiry instants.
 *
 * @since 0.1.0
 */
public abstract class TokensObtainedEvent extends TokenLifecycleEvent {

	/** The fingerprint of the new access token. */
	private final String accessTokenFingerprint;

	/** When the new access token expires. */
	private final Instant accessTokenExpiresAt;

	/** When the new refresh token expires, or {@code null}. */
	private final @Nullable Instant refreshTokenExpiresAt;

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
	protected TokensObtainedEvent(Object source, String sessionKey, String accessTokenFingerprint,
			Instant accessTokenExpiresAt, @Nullable Instant refreshTokenExpiresAt) {
		super(source, sessionKey);
		this.accessTokenFingerprint = accessTokenFingerprint;
		this.accessTokenExpiresAt = accessTokenExpiresAt;
		this.refreshTokenExpiresAt = refreshTokenExpiresAt;
	}

	/**
	 * Give the fingerprint of the new access token, never the token.
	 * @return the fingerprint
	 */
	public String getAccessTokenFingerprint() {
		return this.accessTokenFingerprint;
	}

	/**
	 * Give when the new access token expires.
	 * @return the instant
	 */
	public Instant getAccessTokenExpiresAt() {
		return this.accessTokenExpiresAt;
	}

	/**
	 * Return when the new refresh token expires.
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
