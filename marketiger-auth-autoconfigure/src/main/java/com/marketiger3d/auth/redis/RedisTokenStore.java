package com.marketiger3d.auth.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

import com.marketiger3d.auth.api.Sha256;
import com.marketiger3d.auth.token.StoredTokenPair;
import com.marketiger3d.auth.token.TokenPair;
import com.marketiger3d.auth.token.TokenStore;
import com.marketiger3d.auth.token.TokenVersions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializationContext;

/**
 * A {@link TokenStore} in Redis, shared by every instance that uses the same Redis and
 * key prefix. Each session is one hash at {@code <prefix>{<session hash>}:pair} with the
 * fields {@code version} (see {@link TokenVersions}), {@code pair} (the pair and its
 * instants as JSON, or that JSON encrypted with AES-GCM) and {@code key-id} (empty for
 * plain text). Beside it, {@code :lineage} names the last pair written (its version and
 * its refresh token's SHA-256), so that an instance's copy of a lost pair can be shown to
 * be the last one, and {@code :seeded}, without expiry, the configured tokens once they
 * were written, so that they are never written again. Every write is one Lua script that
 * compares and writes, so it is atomic.
 * <p>
 * Failures to reach Redis surface as
 * {@link com.marketiger3d.auth.token.TokenStoreUnavailableException}; a pair that the
 * configured key cannot decrypt as {@link TokenDecryptionException}.
 * <p>
 * This class is thread-safe.
 *
 * @since 0.1.0
 */
public class RedisTokenStore implements TokenStore {

	private static final Log logger = LogFactory.getLog(RedisTokenStore.class);

	/** Lettuce's command and reply logs, with every argument, at DEBUG and TRACE. */
	private static final String LETTUCE_PROTOCOL = "io.lettuce.core.protocol";

	private final ReactiveRedisTemplate<String, String> redis;

	private final String keyPrefix;

	/** Seals every write and opens what is read. */
	private final StoredPairCodec codec;

	private final Duration keyTimeToLiveMargin;

	private final Duration timeout;

	/**
	 * Create the store from a builder; see
	 * {@link #builder(ReactiveRedisConnectionFactory)}.
	 * @param builder the builder
	 */
	protected RedisTokenStore(Builder builder) {
		this.redis = new ReactiveRedisTemplate<>(builder.connectionFactory, RedisSerializationContext.string());
		this.keyPrefix = builder.keyPrefix;
		this.codec = new StoredPairCodec(builder.keyPrefix, builder.encryptionKey, builder.previousEncryptionKeys);
		this.keyTimeToLiveMargin = builder.keyTimeToLiveMargin;
		this.timeout = builder.timeout;
		if (!this.codec.encrypted()) {
			logger.warn("MarkeTiger tokens are stored in plain text in Redis (keys '" + this.keyPrefix
					+ "*'): set marketiger.auth.store.redis.encryption-key to encrypt them at rest");
			if (LogFactory.getLog(LETTUCE_PROTOCOL + ".CommandEncoder").isDebugEnabled()) {
				logger.warn("Logger '" + LETTUCE_PROTOCOL + "' logs Redis commands at DEBUG and TRACE, which hold"
						+ " the MarkeTiger tokens in plain text: raise it to INFO, or set"
						+ " marketiger.auth.store.redis.encryption-key");
			}
		}
	}

	/**
	 * Start a builder.
	 * @param connectionFactory the application's reactive Redis connection factory
	 * @return a builder
	 */
	public static Builder builder(ReactiveRedisConnectionFactory connectionFactory) {
		return new Builder(connectionFactory);
	}

	@Override
	public Mono<StoredTokenPair> load(String sessionKey) {
		String key = pairKey(sessionKey);
		Mono<Map<String, String>> fields = this.redis.<String, String>opsForHash()
			.entries(key)
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
		return RedisSupport.bounded(fields, this.timeout, "reading session '" + sessionKey + "'")
			.flatMap((hash) -> hash.isEmpty() ? Mono.empty() : Mono.just(read(sessionKey, hash)));
	}

	@Override
	public Mono<StoredTokenPair> replace(String sessionKey, long expectedVersion, TokenPair pair) {
		return Mono.defer(() -> {
			long version = TokenVersions.next(expectedVersion);
			StoredPairCodec.Sealed sealed = this.codec.seal(sessionKey, version, pair);
			return written(TokenStoreScripts.COMPARE_AND_SET,
					List.of(pairKey(sessionKey), SessionKeys.lineage(this.keyPrefix, sessionKey)),
					List.of(Long.toString(expectedVersion), Long.toString(version), sealed.value(), sealed.keyId(),
							lineage(version, pair), timeToLive(pair)),
					"writing session '" + sessionKey + "'", new StoredTokenPair(pair, version));
		});
	}

	@Override
	public Mono<StoredTokenPair> seed(String sessionKey, TokenPair pair) {
		return Mono.defer(() -> {
			long version = TokenVersions.next(0);
			StoredPairCodec.Sealed sealed = this.codec.seal(sessionKey, version, pair);
			return written(TokenStoreScripts.SEED,
					List.of(pairKey(sessionKey), SessionKeys.lineage(this.keyPrefix, sessionKey),
							SessionKeys.seeded(this.keyPrefix, sessionKey)),
					List.of(Long.toString(version), sealed.value(), sealed.keyId(), lineage(version, pair),
							digest(pair), timeToLive(pair)),
					"seeding session '" + sessionKey + "'", new StoredTokenPair(pair, version));
		});
	}

	@Override
	public Mono<StoredTokenPair> restore(String sessionKey, StoredTokenPair copy) {
		return Mono.defer(() -> {
			StoredPairCodec.Sealed sealed = this.codec.seal(sessionKey, copy.version(), copy.pair());
			return written(TokenStoreScripts.RESTORE,
					List.of(pairKey(sessionKey), SessionKeys.lineage(this.keyPrefix, sessionKey)),
					List.of(Long.toString(copy.version()), sealed.value(), sealed.keyId(),
							lineage(copy.version(), copy.pair()), timeToLive(copy.pair())),
					"restoring session '" + sessionKey + "'", copy);
		});
	}

	private Mono<StoredTokenPair> written(RedisScript<Long> script, List<String> keys, List<String> args, String what,
			StoredTokenPair result) {
		Mono<Long> written = this.redis.execute(script, keys, args).next();
		return RedisSupport.bounded(written, this.timeout, what)
			.flatMap((done) -> (done > 0) ? Mono.just(result) : Mono.empty());
	}

	/**
	 * Return how long a pair's keys live: as long as its refresh token (its access token
	 * when it has none, or no known expiry), and the margin, counted from when it was
	 * obtained. Refreshed on every write, so only abandoned sessions expire.
	 */
	private String timeToLive(TokenPair pair) {
		Instant refreshExpiresAt = pair.refreshTokenExpiresAt();
		Instant end = (refreshExpiresAt != null) ? refreshExpiresAt : pair.accessTokenExpiresAt();
		Duration lifetime = Duration.between(pair.obtainedAt(), end);
		return Long.toString(Math.max(0, lifetime.toMillis()) + this.keyTimeToLiveMargin.toMillis());
	}

	/** The lineage key's value: a pair's version and the digest of its refresh token. */
	private static String lineage(long version, TokenPair pair) {
		return version + ":" + digest(pair);
	}

	/**
	 * Names the pair's refresh token (its access token when it has none) irreversibly.
	 */
	private static String digest(TokenPair pair) {
		String token = (pair.refreshToken() != null) ? pair.refreshToken() : pair.accessToken();
		return HexFormat.of().formatHex(Sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
	}

	@Override
	public Mono<Void> delete(String sessionKey) {
		// The seeded key stays: configured tokens are never written again.
		Mono<Long> deleted = Mono
			.defer(() -> this.redis.delete(pairKey(sessionKey), SessionKeys.lineage(this.keyPrefix, sessionKey)));
		return RedisSupport.bounded(deleted, this.timeout, "deleting session '" + sessionKey + "'").then();
	}

	/**
	 * Return the key of a session's pair.
	 * @param sessionKey the lineage's key
	 * @return the Redis key
	 */
	public String pairKey(String sessionKey) {
		return pairKey(this.keyPrefix, sessionKey);
	}

	static String pairKey(String keyPrefix, String sessionKey) {
		return SessionKeys.pair(keyPrefix, sessionKey);
	}

	/**
	 * Return the start of a session's key names.
	 * @param keyPrefix the store's key prefix
	 * @param sessionKey the lineage's key
	 * @return the prefix of the session's pair, lineage, seeded and lease keys
	 */
	static String sessionKeys(String keyPrefix, String sessionKey) {
		return SessionKeys.of(keyPrefix, sessionKey);
	}

	StoredTokenPair read(String sessionKey, Map<String, String> hash) {
		return this.codec.read(sessionKey, hash);
	}

	@Override
	public String toString() {
		return "RedisTokenStore[keyPrefix=" + this.keyPrefix + ", encrypted=" + this.codec.encrypted() + "]";
	}

	/**
	 * Builds a {@link RedisTokenStore}.
	 */
	public static class Builder {

		private final ReactiveRedisConnectionFactory connectionFactory;

		private String keyPrefix = "marketiger:auth:";

		private byte @Nullable [] encryptionKey;

		private Duration timeout = Duration.ofSeconds(5);

		private List<byte[]> previousEncryptionKeys = List.of();

		private Duration keyTimeToLiveMargin = Duration.ofHours(1);

		/**
		 * Start a builder.
		 * @param connectionFactory the application's reactive Redis connection factory
		 */
		protected Builder(ReactiveRedisConnectionFactory connectionFactory) {
			this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory must not be null");
		}

		/**
		 * Set the prefix of the pair keys.
		 * @param keyPrefix the prefix
		 * @return this builder
		 */
		public Builder keyPrefix(String keyPrefix) {
			this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix must not be null");
			return this;
		}

		/**
		 * Encrypt the pairs at rest with AES-GCM.
		 * @param encryptionKey a 32-byte AES-256 key, or {@code null} for plain text
		 * @return this builder
		 */
		public Builder encryptionKey(byte @Nullable [] encryptionKey) {
			if (encryptionKey != null && encryptionKey.length != 32) {
				throw new IllegalArgumentException("encryptionKey must be 32 bytes (AES-256)");
			}
			this.encryptionKey = (encryptionKey != null) ? encryptionKey.clone() : null;
			return this;
		}

		/**
		 * Read pairs sealed with earlier keys too; each is rewritten with the current key
		 * at its next write. Ignored without an {@link #encryptionKey(byte[]) encryption
		 * key}.
		 * @param previousEncryptionKeys 32-byte AES-256 keys
		 * @return this builder
		 */
		public Builder previousEncryptionKeys(List<byte[]> previousEncryptionKeys) {
			List<byte[]> keys = new ArrayList<>();
			for (byte[] key : Objects.requireNonNull(previousEncryptionKeys,
					"previousEncryptionKeys must not be null")) {
				if (key == null || key.length != 32) {
					throw new IllegalArgumentException("each previous encryption key must be 32 bytes (AES-256)");
				}
				keys.add(key.clone());
			}
			this.previousEncryptionKeys = keys;
			return this;
		}

		/**
		 * Set how long a pair's keys outlive its refresh token (they expire then, so that
		 * abandoned sessions do not accumulate).
		 * @param keyTimeToLiveMargin a positive duration
		 * @return this builder
		 */
		public Builder keyTimeToLiveMargin(Duration keyTimeToLiveMargin) {
			Objects.requireNonNull(keyTimeToLiveMargin, "keyTimeToLiveMargin must not be null");
			if (keyTimeToLiveMargin.isNegative() || keyTimeToLiveMargin.isZero()) {
				throw new IllegalArgumentException("keyTimeToLiveMargin must be positive");
			}
			this.keyTimeToLiveMargin = keyTimeToLiveMargin;
			return this;
		}

		/**
		 * Set how long one Redis operation may take before Redis counts as unavailable.
		 * @param timeout a positive duration
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
			return this;
		}

		/**
		 * Build the store.
		 * @return the store
		 */
		public RedisTokenStore build() {
			return new RedisTokenStore(this);
		}

	}

}
