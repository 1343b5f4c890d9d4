package com.marketiger3d.auth.redis;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.marketiger3d.auth.token.StoredTokenPair;
import com.marketiger3d.auth.token.TokenPair;
import com.marketiger3d.auth.token.TokenStoreUnavailableException;
import com.marketiger3d.auth.token.TokenVersions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import com.marketiger3d.auth.test.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link RedisTokenStore} against a real Redis.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisTokenStoreIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String SESSION = "service-account";

	private static final String ACCESS_TOKEN = "eyJhbGciOiJIUzI1NiJ9.access-canary-7d1f";

	private static final String REFRESH_TOKEN = "refresh-canary-93be";

	private final LettuceConnectionFactory redis = TestRedis.connectionFactory();

	private final String keyPrefix = TestRedis.randomKeyPrefix();

	private final ReactiveStringRedisTemplate raw = new ReactiveStringRedisTemplate(this.redis);

	@AfterEach
	void cleanUp() {
		TestRedis.deleteKeys(this.redis, this.keyPrefix);
		this.redis.destroy();
	}

	@Test
	void loadIsEmptyForAnUnknownSession() {
		assertThat(store(null).load(SESSION).block(TIMEOUT)).isNull();
	}

	@Test
	void replaceFromNothingStartsALineageAndLoadReadsItBack() {
		RedisTokenStore store = store(null);
		TokenPair pair = pair(ACCESS_TOKEN, REFRESH_TOKEN);

		StoredTokenPair written = store.replace(SESSION, 0, pair).block(TIMEOUT);
		assertThat(written.pair()).isEqualTo(pair);
		assertThat(TokenVersions.lineage(written.version())).isPositive();
		assertThat(store.load(SESSION).block(TIMEOUT)).isEqualTo(written);
		assertThat(store.replace(SESSION, written.version(), pair).block(TIMEOUT).version())
			.isEqualTo(written.version() + 1);
	}

	@Test
	void pairWithoutRefreshTokenSurvivesTheRoundTrip() {
		RedisTokenStore store = store(null);
		TokenPair pair = pair(ACCESS_TOKEN, REFRESH_TOKEN).withoutRefreshToken();
		store.replace(SESSION, 0, pair).block(TIMEOUT);

		assertThat(store.load(SESSION).block(TIMEOUT).pair()).isEqualTo(pair);
	}

	@Test
	void deleteForgetsTheSessionAndLeavesOthers() {
		RedisTokenStore store = store(null);
		long deleted = store.replace(SESSION, 0, pair(ACCESS_TOKEN, REFRESH_TOKEN)).block(TIMEOUT).version();
		store.replace("other", 0, pair("other", "other-refresh")).block(TIMEOUT);

		store.delete(SESSION).block(TIMEOUT);
		store.delete("never-stored").block(TIMEOUT);

		assertThat(store.load(SESSION).block(TIMEOUT)).isNull();
		assertThat(store.load("other").block(TIMEOUT).pair().accessToken()).isEqualTo("other");
		long again = store.replace(SESSION, 0, pair("again", "again-refresh")).block(TIMEOUT).version();
		assertThat(TokenVersions.lineage(again)).isNotEqualTo(TokenVersions.lineage(deleted));
	}

	@Test
	void aWriteThatReadTheVersionBeforeADisconnectCannotLandOnThePairWrittenAtTheReconnect() {
		RedisTokenStore store = store(null);
		RedisTokenStore otherInstance = store(null);
		// A renewal on another instance reads the user's first pair; then the user
		// disconnects and connects again.
		long read = store.replace(SESSION, 0, pair(ACCESS_TOKEN, REFRESH_TOKEN)).block(TIMEOUT).version();
		store.delete(SESSION).block(TIMEOUT);
		StoredTokenPair reconnected = store.replace(SESSION, 0, pair("reconnected", "reconnected-refresh"))
			.block(TIMEOUT);

		// Both are the first pair of their lineage, but the reconnect started a new one:
		// the renewal's late compare-and-set does not land on it.
		assertThat(reconnected.version() & 0xFFFFFFFFL).isEqualTo(read & 0xFFFFFFFFL);
		assertThat(TokenVersions.lineage(reconnected.version())).isNotEqualTo(TokenVersions.lineage(read));
		assertThat(otherInstance.replace(SESSION, read, pair("late", "late-refresh")).block(TIMEOUT)).isNull();
		assertThat(store.load(SESSION).block(TIMEOUT)).isEqualTo(reconnected);
		assertThat(TokenVersions.isNewer(reconnected.version(), read)).isTrue();
	}

	@Test
	void replaceWithAStaleVersionChangesNothing() {
		RedisTokenStore store = store(null);
		TokenPair first = pair(ACCESS_TOKEN, REFRESH_TOKEN);
		long one = store.replace(SESSION, 0, first).block(TIMEOUT).version();
		long two = store.replace(SESSION, one, pair("second", "second-refresh")).block(TIMEOUT).version();

		assertThat(store.replace(SESSION, one, pair("late", "late-refresh")).block(TIMEOUT)).isNull();
		assertThat(store.replace(SESSION, 0, pair("later", "later-refresh")).block(TIMEOUT)).isNull();
		assertThat(store.load(SESSION).block(TIMEOUT).version()).isEqualTo(two);
		assertThat(store.load(SESSION).block(TIMEOUT).pair().accessToken()).isEqualTo("second");
	}

	@Test
	void ofManyConcurrentWritersOfOneVersionExactlyOneWins() {
		RedisTokenStore store = store(null);
		long one = store.replace(SESSION, 0, pair(ACCESS_TOKEN, REFRESH_TOKEN)).block(TIMEOUT).version();
		List<StoredTokenPair> winners = Flux.range(0, 64)
			.flatMap((i) -> store.replace(SESSION, one, pair("access-" + i, "refresh-" + i))
				.subscribeOn(Schedulers.parallel()))
			.collectList()
			.block(TIMEOUT);

		assertThat(winners).singleElement().satisfies((winner) -> {
			assertThat(winner.version()).isEqualTo(one + 1);
			assertThat(store.load(SESSION).block(TIMEOUT)).isEqualTo(winner);
		});
	}

	@Test
	void seedWritesTheConfiguredTokensOnceAndNeverAgainAfterTheirPairIsLost() {
		RedisTokenStore store = store(null);
		TokenPair configured = pair(ACCESS_TOKEN, REFRESH_TOKEN);
		StoredTokenPair seeded = store.seed(SESSION, configured).block(TIMEOUT);
		assertThat(seeded.pair()).isEqualTo(configured);
		assertThat(store.seed(SESSION, configured).block(TIMEOUT)).as("a pair is stored").isNull();

		this.raw.delete(store.pairKey(SESSION)).block(TIMEOUT);

		assertThat(store.seed(SESSION, configured).block(TIMEOUT)).as("the pair was lost").isNull();
		assertThat(store.load(SESSION).block(TIMEOUT)).isNull();
		TokenPair newlyConfigured = pair("new-access", "new-refresh");
		assertThat(store.seed(SESSION, newlyConfigured).block(TIMEOUT).pair()).isEqualTo(newlyConfigured);
	}

	@Test
	void restoreWritesBackOnlyTheLastPairStored() {
		RedisTokenStore store = store(null);
		StoredTokenPair first = store.replace(SESSION, 0, pair(ACCESS_TOKEN, REFRESH_TOKEN)).block(TIMEOUT);
		StoredTokenPair last = store.replace(SESSION, first.version(), pair("second", "second-refresh")).block(TIMEOUT);
		assertThat(store.restore(SESSION, last).block(TIMEOUT)).as("a pair is stored").isNull();
		this.raw.delete(store.pairKey(SESSION)).block(TIMEOUT);

		assertThat(store.restore(SESSION, first).block(TIMEOUT)).as("an older copy").isNull();
		StoredTokenPair forged = new StoredTokenPair(pair("forged", "forged-refresh"), last.version());
		assertThat(store.restore(SESSION, forged).block(TIMEOUT)).as("another pair of that version").isNull();
		assertThat(store.restore(SESSION, last).block(TIMEOUT)).isEqualTo(last);
		assertThat(store.load(SESSION).block(TIMEOUT)).isEqualTo(last);
	}

	@Test
	void sessionsAndPrefixesDoNotSeeEachOther() {
		RedisTokenStore store = store(null);
		store.replace(SESSION, 0, pair(ACCESS_TOKEN, REFRESH_TOKEN)).block(TIMEOUT);

		assertThat(store.load("another-session").block(TIMEOUT)).isNull();
		RedisTokenStore other = RedisTokenStore.builder(this.redis).keyPrefix(TestRedis.randomKeyPrefix()).build();
		assertThat(other.load(SESSION).block(TIMEOUT)).isNull();
	}

	@Test
	void withAKeyRedisHoldsNeitherTokenButTheKeyId() {
		byte[] key = key();
		RedisTokenStore store = store(key);
		TokenPair pair = pair(ACCESS_TOKEN, REFRESH_TOKEN);
		long one = store.replace(SESSION, 0, pair).block(TIMEOUT).version();
		store.replace(SESSION, one, pair).block(TIMEOUT);

		Map<String, String> hash = rawHash();
		assertThat(hash).containsEntry("version", Long.toString(one + 1))
			.containsEntry("key-id", TokenCipher.keyId(key));
		assertThat(String.join(" ", hash.values())).doesNotContain(ACCESS_TOKEN)
			.doesNotContain(REFRESH_TOKEN)
			.doesNotContain("access-canary")
			.doesNotContain("refresh-canary");
		assertThat(store.load(SESSION).block(TIMEOUT)).isEqualTo(new StoredTokenPair(pair, one + 1));
	}

	@Test
	void eachWriteUsesAFreshNonce() {
		RedisTokenStore store = store(key());
		TokenPair pair = pair(ACCESS_TOKEN, REFRESH_TOKEN);
		long one = store.replace(SESSION, 0, pair).block(TIMEOUT).version();
		String first = rawHash().get("pair");
		store.replace(SESSION, one, pair).block(TIMEOUT);

		assertThat(rawHash().get("pair")).isNotEqualTo(first);
	}

	@Test
	void aWrongKeyFailsClearlyNamingBothKeyIds() {
		byte[] right = key();
		byte[] wrong = key();
		store(right).replace(SESSION, 0, pair(ACCESS_TOKEN, REFRESH_TOKEN)).block(TIMEOUT);

		assertThatExceptionOfType(TokenDecryptionException.class)
			.isThrownBy(() -> store(wrong).load(SESSION).block(TIMEOUT))
			.withMessageContaining(TokenCipher.keyId(right))
			.withMessageContaining(TokenCipher.keyId(wrong))
			.withMessageNotContaining(ACCESS_TOKEN)
			.withMessageNotContaining(REFRESH_TOKEN);
	}

	@Test
	void anEncryptedPairWithoutAConfiguredKeyFailsClearly() {
		store(key()).replace(SESSION, 0, pair(ACCESS_TOKEN, REFRESH_TOKEN)).block(TIMEOUT);

		assertThatExceptionOfType(TokenDecryptionException.class)
			.isThrownBy(() -> store(null).load(SESSION).block(TIMEOUT))
			.withMessageContaining("marketiger.auth.store.redis.encryption-key");
	}

	@Test
	void anAlteredCiphertextFailsClearly() {
		byte[] key = key();
		RedisTokenStore store = store(key);
		store.replace(SESSION, 0, pair(ACCESS_TOKEN, REFRESH_TOKEN)).block(TIMEOUT);
		String sealed = rawHash().get("pair");
		char last = sealed.charAt(sealed.length() - 3);
		String altered = sealed.substring(0, sealed.length() - 3) + ((last == 'A') ? 'B' : 'A')
				+ sealed.substring(sealed.length() - 2);
		this.raw.opsForHash().put(store.pairKey(SESSION), "pair", altered).block(TIMEOUT);

		assertThatExceptionOfType(TokenDecryptionException.class).isThrownBy(() -> store.load(SESSION).block(TIMEOUT))
			.withMessageContaining("does not decrypt");
	}

	@Test
	void aCiphertextCopiedToAnotherSessionDoesNotDecrypt() {
		RedisTokenStore store = store(key());
		store.replace(SESSION, 0, pair(ACCESS_TOKEN, REFRESH_TOKEN)).block(TIMEOUT);
		Map<String, String> hash = rawHash();
		this.raw.opsForHash().putAll(store.pairKey("other"), hash).block(TIMEOUT);

		assertThatExceptionOfType(TokenDecryptionException.class).isThrownBy(() -> store.load("other").block(TIMEOUT));
	}

	@Test
	void aPlainPairIsRefusedWhenAKeyIsConfigured() {
		store(null).replace(SESSION, 0, pair(ACCESS_TOKEN, REFRESH_TOKEN)).block(TIMEOUT);

		assertThatExceptionOfType(TokenDecryptionException.class)
			.isThrownBy(() -> store(key()).load(SESSION).block(TIMEOUT))
			.withMessageContaining("plain text")
			.withMessageNotContaining(ACCESS_TOKEN)
			.withMessageNotContaining(REFRESH_TOKEN);
	}

	@Test
	void anOlderSealedPairPutBackUnderTheNewerVersionDoesNotDecrypt() {
		RedisTokenStore store = store(key());
		long one = store.replace(SESSION, 0, pair(ACCESS_TOKEN, REFRESH_TOKEN)).block(TIMEOUT).version();
		String older = rawHash().get("pair");
		store.replace(SESSION, one, pair("second", "second-refresh")).block(TIMEOUT);
		this.raw.opsForHash().put(store.pairKey(SESSION), "pair", older).block(TIMEOUT);

		assertThatExceptionOfType(TokenDecryptionException.class).isThrownBy(() -> store.load(SESSION).block(TIMEOUT))
			.withMessageContaining("does not decrypt");
	}

	@Test
	void aSealedPairMovedToAnotherPrefixDoesNotDecrypt() {
		byte[] key = key();
		RedisTokenStore store = store(key);
		store.replace(SESSION, 0, pair(ACCESS_TOKEN, REFRESH_TOKEN)).block(TIMEOUT);
		String otherPrefix = TestRedis.randomKeyPrefix();
		RedisTokenStore other = RedisTokenStore.builder(this.redis).keyPrefix(otherPrefix).encryptionKey(key).build();
		try {
			this.raw.opsForHash().putAll(other.pairKey(SESSION), rawHash()).block(TIMEOUT);

			assertThatExceptionOfType(TokenDecryptionException.class)
				.isThrownBy(() -> other.load(SESSION).block(TIMEOUT));
		}
		finally {
			TestRedis.deleteKeys(this.redis, otherPrefix);
		}
	}

	@Test
	void pairsSealedWithAPreviousKeyAreReadAndRewrittenWithTheCurrentOne() {
		byte[] old = key();
		byte[] current = key();
		TokenPair pair = pair(ACCESS_TOKEN, REFRESH_TOKEN);
		long one = store(old).replace(SESSION, 0, pair).block(TIMEOUT).version();
		RedisTokenStore rotated = RedisTokenStore.builder(this.redis)
			.keyPrefix(this.keyPrefix)
			.encryptionKey(current)
			.previousEncryptionKeys(List.of(old))
			.build();

		assertThat(rotated.load(SESSION).block(TIMEOUT)).isEqualTo(new StoredTokenPair(pair, one));
		rotated.replace(SESSION, one, pair).block(TIMEOUT);
		assertThat(rawHash()).containsEntry("key-id", TokenCipher.keyId(current));
		assertThat(store(current).load(SESSION).block(TIMEOUT)).isEqualTo(new StoredTokenPair(pair, one + 1));
		assertThatExceptionOfType(TokenDecryptionException.class)
			.isThrownBy(() -> store(old).load(SESSION).block(TIMEOUT));
	}

	@Test
	void aPreviousEncryptionKeyMustBe32Bytes() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RedisTokenStore.builder(this.redis).previousEncryptionKeys(List.of(new byte[16])));
	}

	@Test
	void aPairsKeysLiveAsLongAsItsRefreshTokenAndTheMarginButTheSeededKeyStays() {
		RedisTokenStore store = RedisTokenStore.builder(this.redis)
			.keyPrefix(this.keyPrefix)
			.keyTimeToLiveMargin(Duration.ofMinutes(10))
			.build();
		store.seed(SESSION, pair(ACCESS_TOKEN, REFRESH_TOKEN)).block(TIMEOUT);

		Duration pairTtl = ttl(store.pairKey(SESSION));
		assertThat(pairTtl).isGreaterThan(Duration.ofHours(12)).isLessThanOrEqualTo(Duration.ofMinutes(730));
		assertThat(ttl(RedisTokenStore.sessionKeys(this.keyPrefix, SESSION) + "lineage"))
			.isGreaterThan(Duration.ofHours(12));
		assertThat(this.raw.getExpire(RedisTokenStore.sessionKeys(this.keyPrefix, SESSION) + "seeded").block(TIMEOUT))
			.as("no expiry")
			.isEqualTo(Duration.ZERO);
	}

	@Test
	void keyNamesHoldNoSessionKeyAndOneHashTag() {
		RedisTokenStore store = store(null);
		String principal = "alice{x}@example.test";
		store.replace(principal, 0, pair(ACCESS_TOKEN, REFRESH_TOKEN)).block(TIMEOUT);

		List<String> keys = this.raw.keys(this.keyPrefix + "*").collectList().block(TIMEOUT);
		assertThat(keys).isNotEmpty().allSatisfy((key) -> {
			assertThat(key).doesNotContain("alice").doesNotContain("example");
			assertThat(key.substring(this.keyPrefix.length())).matches("\\{[0-9a-f]{32}\\}:[a-z]+");
		});
		assertThat(store.load(principal).block(TIMEOUT).pair().accessToken()).isEqualTo(ACCESS_TOKEN);
	}

	@Test
	void anUnreadableOrIncompletePairFailsClearly() {
		RedisTokenStore store = store(null);
		this.raw.opsForHash()
			.putAll(store.pairKey(SESSION), Map.of("version", "1", "pair", "{not json"))
			.block(TIMEOUT);
		assertThatExceptionOfType(TokenDecryptionException.class).isThrownBy(() -> store.load(SESSION).block(TIMEOUT))
			.withMessageContaining("not readable");

		this.raw.opsForHash().putAll(store.pairKey("half"), Map.of("version", "1")).block(TIMEOUT);
		assertThatExceptionOfType(TokenDecryptionException.class).isThrownBy(() -> store.load("half").block(TIMEOUT))
			.withMessageContaining("incomplete");
	}

	@Test
	void withoutAKeyAWarningSaysTokensAreInPlainText(CapturedOutput output) {
		store(null);
		assertThat(output).contains("stored in plain text in Redis");
	}

	@Test
	void withAKeyNoPlainTextWarning(CapturedOutput output) {
		assertThat(store(key())).hasToString("RedisTokenStore[keyPrefix=" + this.keyPrefix + ", encrypted=true]");
		assertThat(output).doesNotContain("plain text");
	}

	@Test
	void anUnreachableRedisIsReportedAsUnavailable() {
		LettuceConnectionFactory nowhere = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", freePort()));
		nowhere.afterPropertiesSet();
		nowhere.start();
		try {
			RedisTokenStore store = RedisTokenStore.builder(nowhere).timeout(Duration.ofMillis(500)).build();
			assertThatExceptionOfType(TokenStoreUnavailableException.class)
				.isThrownBy(() -> store.load(SESSION).block(TIMEOUT))
				.withMessageContaining("Redis did not answer");
			assertThatExceptionOfType(TokenStoreUnavailableException.class)
				.isThrownBy(() -> store.replace(SESSION, 0, pair(ACCESS_TOKEN, REFRESH_TOKEN)).block(TIMEOUT));
		}
		finally {
			nowhere.destroy();
		}
	}

	@Test
	void anEncryptionKeyMustBe32Bytes() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RedisTokenStore.builder(this.redis).encryptionKey(new byte[16]));
	}

	private RedisTokenStore store(byte[] key) {
		return RedisTokenStore.builder(this.redis).keyPrefix(this.keyPrefix).encryptionKey(key).build();
	}

	private Duration ttl(String key) {
		return this.raw.getExpire(key).block(TIMEOUT);
	}

	private Map<String, String> rawHash() {
		return this.raw.<String, String>opsForHash()
			.entries(RedisTokenStore.pairKey(this.keyPrefix, SESSION))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.block(TIMEOUT);
	}

	private static TokenPair pair(String accessToken, String refreshToken) {
		Instant obtainedAt = Instant.parse("2026-03-01T08:00:00.123Z");
		return new TokenPair(accessToken, refreshToken, obtainedAt, obtainedAt.plus(Duration.ofMinutes(5)),
				obtainedAt.plus(Duration.ofHours(12)));
	}

	private static byte[] key() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return key;
	}

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
