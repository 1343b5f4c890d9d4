package com.marketiger3d.auth.api;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The tokens a successful Login or RefreshToken answered with. The refresh token may be
 * absent: the API's documentation shows Login answers without one.
 *
 * @param accessToken the JWT to send as bearer token
 * @param refreshToken the single-use refresh token, or {@code null} when the API sent
 * none
 * @since 0.1.0
 */
public record IssuedTokens(String accessToken, @Nullable String refreshToken) {

	/**
	 * Check the components.
	 * @param accessToken the JWT to send as bearer token
	 * @param refreshToken the single-use refresh token, or {@code null} when the API sent
	 * none
	 */
	public IssuedTokens {
		Objects.requireNonNull(accessToken, "accessToken must not be null");
	}

	@Override
	public String toString() {
		return "IssuedTokens[accessToken=" + TokenFingerprint.of(this.accessToken) + ", refreshToken="
				+ TokenFingerprint.of(this.refreshToken) + "]";
	}

}
