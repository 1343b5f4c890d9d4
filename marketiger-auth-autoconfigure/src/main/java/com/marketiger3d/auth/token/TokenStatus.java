package com.marketiger3d.auth.token;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a session's tokens for operators: freshness, expiry instants and a
 * fingerprint, never a token. Taking one makes no call.
 *
 * @param sessionKey the session
 * @param freshness where the current pair stands
 * @param checkedAt the instant the snapshot was taken, on the service's clock
 * @param accessTokenFingerprint the current access token's fingerprint, or {@code null}
 * when absent
 * @param accessTokenExpiresAt when the access token expires, or {@code null} when absent
 * @param refreshTokenExpiresAt when the refresh token expires, or {@code null} without
 * one
 * @since 0.1.0
 */
public record TokenStatus(String sessionKey, TokenFreshness freshness, Instant checkedAt,
		@Nullable String accessTokenFingerprint, @Nullable Instant accessTokenExpiresAt,
		@Nullable Instant refreshTokenExpiresAt) {

}
