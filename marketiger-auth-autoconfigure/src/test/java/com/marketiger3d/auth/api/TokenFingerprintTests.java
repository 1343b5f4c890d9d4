package com.marketiger3d.auth.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenFingerprint}.
 */
class TokenFingerprintTests {

	@Test
	void isFirstEightHexCharactersOfSha256() {
		// SHA-256("abc") =
		// ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
		assertThat(TokenFingerprint.of("abc")).isEqualTo("ba7816bf");
	}

	@Test
	void readsTokenAsUtf8() {
		// SHA-256 of the UTF-8 bytes of "é" (c3 a9)
		assertThat(TokenFingerprint.of("\u00e9")).isEqualTo("4a99557e");
	}

	@Test
	void isStableAndLowerCaseHex() {
		String token = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3MDAwMDAwMDB9.c2lnbmF0dXJl";
		assertThat(TokenFingerprint.of(token)).isEqualTo(TokenFingerprint.of(token)).matches("[0-9a-f]{8}");
	}

	@Test
	void differsForDifferentTokens() {
		assertThat(TokenFingerprint.of("token-1")).isNotEqualTo(TokenFingerprint.of("token-2"));
	}

	@Test
	void doesNotContainTheToken() {
		assertThat(TokenFingerprint.of("deadbeef")).isNotEqualTo("deadbeef").hasSize(8);
	}

	@Test
	void namesMissingTokenNone() {
		assertThat(TokenFingerprint.of(null)).isEqualTo("none");
	}

	@Test
	void fingerprintsEmptyToken() {
		// SHA-256("") = e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
		assertThat(TokenFingerprint.of("")).isEqualTo("e3b0c442");
	}

}
