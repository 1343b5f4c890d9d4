package com.marketiger3d.auth.token;

import java.time.Instant;

import com.marketiger3d.auth.api.IssuedTokens;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InMemoryTokenStoreTests {

	private final InMemoryTokenStore store = new InMemoryTokenStore();

	@Test
	void deleteForgetsTheSessionAndLeavesOthers() {
		this.store.replace("alice", 0, pair("alice")).block();
		this.store.replace("bob", 0, pair("bob")).block();

		this.store.delete("alice").block();
		this.store.delete("never-stored").block();

		assertThat(this.store.load("alice").block()).isNull();
		assertThat(this.store.load("bob").block().pair().accessToken()).isEqualTo("bob");
		assertThat(this.store.replace("alice", 0, pair("again")).block().version()).isOne();
	}

	@Test
	void storeThatCannotDeleteSaysSo() {
		TokenStore readOnly = new TokenStore() {

			@Override
			public Mono<StoredTokenPair> load(String sessionKey) {
				return Mono.empty();
			}

			@Override
			public Mono<StoredTokenPair> replace(String sessionKey, long expectedVersion, TokenPair pair) {
				return Mono.empty();
			}

		};

		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> readOnly.delete("alice").block())
			.withMessageContaining("cannot delete");
	}

	private static TokenPair pair(String accessToken) {
		return TokenTiming.defaults()
			.configured(new IssuedTokens(accessToken, accessToken + "-refresh"), Instant.parse("2026-03-01T08:00:00Z"));
	}

}
