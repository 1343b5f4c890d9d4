package com.marketiger3d.auth.token;

import java.time.Instant;
import java.util.Objects;

import com.marketiger3d.auth.api.TokenFingerprint;
import org.jspecify.annotations.Nullable;

/**
 * An access token and the refresh token issued with it, with the instants that govern
 * their use. {@link #toString()} shows fingerprints only.
 *
 * @param accessToken the bearer token
 * @param refreshToken the single-use refresh token, or {@code null} when there is none
 * (the API sent none, or it was rejected and must never be sent again)
 * @param obtainedAt when this process (or the replica that stored it) received the pair
 * @param accessTokenExpiresAt when the access token stops being accepted, on the local
 * clock
 * @param refreshTokenExpiresAt when the refresh token stops being accepted, or
 * {@code null} without a refresh token
 * @since 0.1.0
 */
public record TokenPair(String accessToken, @Nullable String refreshToken, Instant obtainedAt,
		Instant accessTokenExpiresAt, @Nullable Instant refreshTokenExpiresAt) {

	/**
	 * Check the components.
	 * @param accessToken the bearer token
	 * @param refreshToken the single-use refresh token, or {@code null} when there is
	 * none (the API sent none, or it was rejected and must never be sent again)
	 * @param obtainedAt when this process (or the replica that stored it) received the
	 * pair
	 * @param accessTokenExpiresAt when the access token stops being accepted, on the
	 * local clock
	 * @param refreshTokenExpiresAt when the refresh token stops being accepted, or
	 * {@code null} without a refresh token
	 */
	public TokenPair {
		Objects.requireNonNull(accessToken, "accessToken must not be null");
		Objects.requireNonNull(obtainedAt, "obtainedAt must not be null");
		Objects.requireNonNull(accessTokenExpiresAt, "accessTokenExpiresAt must not be null");
		if ((refreshToken == null) != (refreshTokenExpiresAt == null)) {
			throw new IllegalArgumentException("a refresh token and its expiry go together");
		}
	}

	/**
	 * Return this pair without its refresh token, for when the refresh token must never
	 * be used again.
	 * @return a pair with the same access token and no refresh token
	 */
	public TokenPair withoutRefreshToken() {
		return new TokenPair(this.accessToken, null, this.obtainedAt, this.accessTokenExpiresAt, null);
	}

	/**
	 * Return the access token's fingerprint, safe to log.
	 * @return 8 hex characters
	 */
	public String accessTokenFingerprint() {
		return TokenFingerprint.of(this.accessToken);
	}

	/**
	 * Return the refresh token's fingerprint, safe to log.
	 * @return 8 hex characters, or {@code "none"}
	 */
	public String refreshTokenFingerprint() {
		return TokenFingerprint.of(this.refreshToken);
	}

	@Override
	public String toString() {
		return "TokenPair[accessToken=" + accessTokenFingerprint() + ", refreshToken=" + refreshTokenFingerprint()
				+ ", obtainedAt=" + this.obtainedAt + ", accessTokenExpiresAt=" + this.accessTokenExpiresAt
				+ ", refreshTokenExpiresAt=" + this.refreshTokenExpiresAt + "]";
	}

}
