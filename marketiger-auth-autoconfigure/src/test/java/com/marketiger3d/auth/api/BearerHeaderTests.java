package com.marketiger3d.auth.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BearerHeaderTests {

	private final BearerHeader header = new BearerHeader();

	@Test
	void buildsTheHeaderValueOncePerToken() {
		String token = new String("token-one");

		String first = this.header.valueFor(token);

		assertThat(first).isEqualTo("Bearer token-one");
		assertThat(this.header.valueFor(token)).isSameAs(first);
	}

	@Test
	void anotherTokenGetsItsOwnValue() {
		this.header.valueFor("token-one");

		assertThat(this.header.valueFor("token-two")).isEqualTo("Bearer token-two");
	}

	@Test
	void anEqualTokenInAnotherInstanceStillGetsTheRightValue() {
		String value = this.header.valueFor(new String("token-one"));

		assertThat(this.header.valueFor(new String("token-one"))).isEqualTo(value);
	}

}
