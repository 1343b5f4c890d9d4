package com.marketiger3d.auth.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link Credentials}.
 */
class CredentialsTests {

	@Test
	void toStringShowsEmailButNotPassword() {
		Credentials credentials = new Credentials("robot@example.com", "p@ss-w0rd-5f1c");
		assertThat(credentials.toString()).contains("robot@example.com")
			.contains("password=******")
			.doesNotContain("p@ss-w0rd-5f1c")
			.doesNotContain("5f1c");
	}

	@Test
	void equalityIncludesPassword() {
		assertThat(new Credentials("a@example.com", "one")).isEqualTo(new Credentials("a@example.com", "one"))
			.isNotEqualTo(new Credentials("a@example.com", "two"));
	}

	@Test
	void requiresEmailAndPassword() {
		assertThatNullPointerException().isThrownBy(() -> new Credentials(null, "secret"))
			.withMessageContaining("email");
		assertThatNullPointerException().isThrownBy(() -> new Credentials("a@example.com", null))
			.withMessageContaining("password");
	}

}
