package com.marketiger3d.auth.redis;

import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for how {@link RedisTokenStore} reads a stored hash, without Redis; the
 * integration tests cover the round trips.
 */
class RedisTokenStoreTests {

	private final RedisTokenStore store = RedisTokenStore.builder(new LettuceConnectionFactory())
		.encryptionKey(new byte[32])
		.build();

	@Test
	void storedKeyIdThatIsNoKeyIdIsNotQuoted() {
		// found by RedisTokenStoreFuzzTests: line breaks in the field reached the message
		Map<String, String> hash = Map.of("version", "1", "key-id", "\r\nforged log line", "pair", "x");

		assertThatExceptionOfType(TokenDecryptionException.class).isThrownBy(() -> this.store.read("s", hash))
			.withMessageContaining("<not a key id>")
			.withMessageNotContaining("forged");
	}

	@Test
	void encryptedValueShorterThanNonceAndTagFailsAsUndecryptable() {
		// found by RedisTokenStoreFuzzTests: the JDK threw a ProviderException
		String shortValue = Base64.getEncoder().encodeToString(new byte[20]);
		Map<String, String> hash = Map.of("version", "1", "key-id", TokenCipher.keyId(new byte[32]), "pair",
				shortValue);

		assertThatExceptionOfType(TokenDecryptionException.class).isThrownBy(() -> this.store.read("s", hash))
			.withMessageContaining("not an encrypted value");
	}

	@ParameterizedTest
	@ValueSource(strings = { "one", "0", "-3" })
	void versionThatIsNoPositiveNumberFailsAsUnreadablePair(String version) {
		// found by RedisTokenStoreFuzzTests: 0 failed with an IllegalArgumentException
		Map<String, String> hash = Map.of("version", version, "key-id", "", "pair",
				"{\"accessToken\":\"a\",\"obtainedAt\":1,\"accessTokenExpiresAt\":2}");

		assertThatExceptionOfType(TokenDecryptionException.class).isThrownBy(() -> this.store.read("s", hash))
			.withMessageContaining("no valid version");
	}

}
