package com.marketiger3d.auth.redis;

import java.util.HashMap;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.marketiger3d.auth.token.StoredTokenPair;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the decoding of a pair read from Redis, with and without an
 * encryption key: whatever the hash holds (written by an older version, altered, or
 * encrypted with another key), the only outcomes allowed are a pair or a
 * {@link TokenDecryptionException} that never quotes the stored value.
 * <p>
 * The last bytes of an input choose the store, which fields are present and how the
 * {@code pair} field is built (as stored, or encrypted with the store's key so that the
 * fuzzer reaches the JSON behind the cipher); the rest is split into the {@code version},
 * {@code key-id} and {@code pair} fields at its first two newlines.
 */
class RedisTokenStoreFuzzTests {

	private static final byte[] KEY = new byte[32];

	// Never started: decoding touches no connection.
	private static final LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory();

	private final RedisTokenStore plain = RedisTokenStore.builder(connectionFactory).build();

	private final RedisTokenStore encrypted = RedisTokenStore.builder(connectionFactory).encryptionKey(KEY).build();

	private final TokenCipher cipher = new TokenCipher(KEY);

	@FuzzTest(maxDuration = "3m")
	void storedHashGivesPairOrTypedFailure(FuzzedDataProvider data) {
		boolean withKey = data.consumeBoolean();
		boolean sealed = data.consumeBoolean();
		String session = data.pickValue(new String[] { "s", "user-42", "" });
		String[] fields = data.consumeRemainingAsString().split("\n", 3);
		Map<String, String> hash = new HashMap<>();
		hash.put("version", fields[0]);
		if (fields.length > 1 && !fields[1].equals("-")) {
			hash.put("key-id", fields[1].equals("k") ? this.cipher.keyId() : fields[1]);
		}
		if (fields.length > 2) {
			hash.put("pair", sealed ? this.cipher.encrypt(session, fields[2]) : fields[2]);
		}
		RedisTokenStore store = withKey ? this.encrypted : this.plain;
		StoredTokenPair stored;
		try {
			stored = store.read(session, hash);
		}
		catch (TokenDecryptionException ex) {
			assertThat(ex.getMessage()).isNotBlank();
			if (fields.length > 2 && fields[2].length() > 8) {
				assertThat(ex.getMessage()).doesNotContain(fields[2]);
			}
			return;
		}
		assertThat(stored.pair().accessToken()).isNotNull();
		assertThat(stored.version()).isEqualTo(Long.parseLong(fields[0]));
	}

}
