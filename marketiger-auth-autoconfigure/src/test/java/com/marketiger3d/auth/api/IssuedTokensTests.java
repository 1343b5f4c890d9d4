package com.marketiger3d.auth.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link IssuedTokens}.
 */
class IssuedTokensTests {

	@Test
	void toStringShowsFingerprintsOnly() {
		IssuedTokens tokens = new IssuedTokens("access-token-7a3e", "refresh-token-91bd");
		assertThat(tokens.toString())
			.isEqualTo("IssuedTokens[accessToken=" + TokenFingerprint.of("access-token-7a3e") + ", refreshToken="
					+ TokenFingerprint.of("refresh-token-91bd") + "]")
			.doesNotContain("access-token")
			.doesNotContain("refresh-token")
			.doesNotContain("7a3e")
			.doesNotContain("91bd");
	}

	@Test
	void toStringNamesMissingRefreshToken() {
		assertThat(new IssuedTokens("access-token-7a3e", null).toString()).endsWith("refreshToken=none]")
			.doesNotContain("access-token-7a3e");
	}

	@Test
	void allowsMissingRefreshToken() {
		assertThat(new IssuedTokens("a", null).refreshToken()).isNull();
	}

	@Test
	void requiresAccessToken() {
		assertThatNullPointerException().isThrownBy(() -> new IssuedTokens(null, "r"))
			.withMessageContaining("accessToken");
	}

}
