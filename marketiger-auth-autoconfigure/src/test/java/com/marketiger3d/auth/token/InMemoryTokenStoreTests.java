package com.marketiger3d.auth.token;

import java.time.Duration;
import java.time.Instant;

import com.marketiger3d.auth.api.IssuedTokens;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InMemoryTokenStoreTests {

	/** How long a test waits for a result before it fails. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final InMemoryTokenStore store = new InMemoryTokenStore();

	@Test
	void deleteForgetsTheSessionAndLeavesOthers() {
		long deleted = this.store.replace("alice", 0, pair("alice")).block(TIMEOUT).version();
		this.store.replace("bob", 0, pair("bob")).block(TIMEOUT);

		this.store.delete("alice").block(TIMEOUT);
		this.store.delete("never-stored").block(TIMEOUT);

		assertThat(this.store.load("alice").block(TIMEOUT)).isNull();
		assertThat(this.store.load("bob").block(TIMEOUT).pair().accessToken()).isEqualTo("bob");
		// Written again, the session starts a new lineage: no instance mistakes it for
		// the deleted one.
		long again = this.store.replace("alice", 0, pair("again")).block(TIMEOUT).version();
		assertThat(TokenVersions.lineage(again)).isNotEqualTo(TokenVersions.lineage(deleted));
		assertThat(TokenVersions.isNewer(again, deleted)).isTrue();
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
			.isThrownBy(() -> readOnly.delete("alice").block(TIMEOUT))
			.withMessageContaining("cannot delete");
	}

	private static TokenPair pair(String accessToken) {
		return TokenTiming.defaults()
			.configured(new IssuedTokens(accessToken, accessToken + "-refresh"), Instant.parse("2026-03-01T08:00:00Z"));
	}

}
