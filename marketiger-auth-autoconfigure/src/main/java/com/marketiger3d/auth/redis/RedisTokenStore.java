package com.marketiger3d.auth.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import com.marketiger3d.auth.api.Sha256;
import com.marketiger3d.auth.token.StoredTokenPair;
import com.marketiger3d.auth.token.TokenPair;
import com.marketiger3d.auth.token.TokenStore;
import com.marketiger3d.auth.token.TokenVersions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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

	/*
	 * Versions are compared as strings: Lua numbers are doubles, exact only up to 2^53,
	 * and a version carries a 31-bit lineage id above its 32-bit counter. The lineage key
	 * holds the version and refresh-token digest of the last pair written: after the pair
	 * key is lost, it shows which copy was the last one.
	 */

	/**
	 * KEYS: pair, lineage; ARGV: expected version, new version, value, key id, lineage,
	 * time to live in milliseconds.
	 */
	private static final RedisScript<Long> COMPARE_AND_SET = RedisScript.of("""
			if (redis.call('HGET', KEYS[1], 'version') or '0') ~= ARGV[1] then
			  return 0
			end
			redis.call('HSET', KEYS[1], 'version', ARGV[2], 'pair', ARGV[3], 'key-id', ARGV[4])
			redis.call('PEXPIRE', KEYS[1], ARGV[6])
			redis.call('SET', KEYS[2], ARGV[5], 'PX', ARGV[6])
			return 1
			""", Long.class);

	/**
	 * KEYS: pair, lineage, seeded; ARGV: new version, value, key id, lineage, digest of
	 * the configured tokens, time to live. The seeded key has no expiry: it outlives
	 * every pair.
	 */
	private static final RedisScript<Long> SEED = RedisScript.of("""
			if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('GET', KEYS[3]) == ARGV[5] then
			  return 0
			end
			redis.call('HSET', KEYS[1], 'version', ARGV[1], 'pair', ARGV[2], 'key-id', ARGV[3])
			redis.call('PEXPIRE', KEYS[1], ARGV[6])
			redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[6])
			redis.call('SET', KEYS[3], ARGV[5])
			return 1
			""", Long.class);

	/**
	 * KEYS: pair, lineage; ARGV: version, value, key id, lineage of the copy, time to
	 * live.
	 */
	private static final RedisScript<Long> RESTORE = RedisScript.of("""
			if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('GET', KEYS[2]) ~= ARGV[4] then
			  return 0
			end
			redis.call('HSET', KEYS[1], 'version', ARGV[1], 'pair', ARGV[2], 'key-id', ARGV[3])
			redis.call('PEXPIRE', KEYS[1], ARGV[5])
			return 1
			""", Long.class);

	/** Lettuce's command and reply logs, with every argument, at DEBUG and TRACE. */
	private static final String LETTUCE_PROTOCOL = "io.lettuce.core.protocol";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}");

	private final ReactiveRedisTemplate<String, String> redis;

	private final String keyPrefix;

	/** Seals every write; {@code null} for plain text. */
	private final @Nullable TokenCipher cipher;

	/** Opens what the current and the previous keys sealed, by key id. */
	private final Map<String, TokenCipher> readers;

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
		this.cipher = (builder.encryptionKey != null) ? new TokenCipher(builder.encryptionKey) : null;
		Map<String, TokenCipher> readers = new LinkedHashMap<>();
		if (this.cipher != null) {
			readers.put(this.cipher.keyId(), this.cipher);
			for (byte[] previous : builder.previousEncryptionKeys) {
				TokenCipher reader = new TokenCipher(previous);
				readers.putIfAbsent(reader.keyId(), reader);
			}
		}
		this.readers = Map.copyOf(readers);
		this.keyTimeToLiveMargin = builder.keyTimeToLiveMargin;
		this.timeout = builder.timeout;
		if (this.cipher == null) {
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
			Sealed sealed = seal(sessionKey, version, pair);
			return written(COMPARE_AND_SET, List.of(pairKey(sessionKey), lineageKey(sessionKey)),
					List.of(Long.toString(expectedVersion), Long.toString(version), sealed.value(), sealed.keyId(),
							lineage(version, pair), timeToLive(pair)),
					"writing session '" + sessionKey + "'", new StoredTokenPair(pair, version));
		});
	}

	@Override
	public Mono<StoredTokenPair> seed(String sessionKey, TokenPair pair) {
		return Mono.defer(() -> {
			long version = TokenVersions.next(0);
			Sealed sealed = seal(sessionKey, version, pair);
			return written(SEED, List.of(pairKey(sessionKey), lineageKey(sessionKey), seededKey(sessionKey)),
					List.of(Long.toString(version), sealed.value(), sealed.keyId(), lineage(version, pair),
							digest(pair), timeToLive(pair)),
					"seeding session '" + sessionKey + "'", new StoredTokenPair(pair, version));
		});
	}

	@Override
	public Mono<StoredTokenPair> restore(String sessionKey, StoredTokenPair copy) {
		return Mono.defer(() -> {
			Sealed sealed = seal(sessionKey, copy.version(), copy.pair());
			return written(RESTORE, List.of(pairKey(sessionKey), lineageKey(sessionKey)),
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

	private Sealed seal(String sessionKey, long version, TokenPair pair) {
		String value = write(pair);
		if (this.cipher == null) {
			return new Sealed(value, "");
		}
		return new Sealed(this.cipher.encrypt(associatedData(sessionKey, version), value), this.cipher.keyId());
	}

	/**
	 * Return what a sealed pair is bound to: this store's prefix, the session and the
	 * version (its lineage with it), so that a value moved to another session or store,
	 * or put back under another version, does not open.
	 */
	private String associatedData(String sessionKey, long version) {
		return this.keyPrefix + "\n" + sessionKey + "\n" + version;
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
		Mono<Long> deleted = Mono.defer(() -> this.redis.delete(pairKey(sessionKey), lineageKey(sessionKey)));
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
		return sessionKeys(keyPrefix, sessionKey) + "pair";
	}

	private String lineageKey(String sessionKey) {
		return sessionKeys(this.keyPrefix, sessionKey) + "lineage";
	}

	private String seededKey(String sessionKey) {
		return sessionKeys(this.keyPrefix, sessionKey) + "seeded";
	}

	/**
	 * Return the start of a session's key names.
	 * @param keyPrefix the store's key prefix
	 * @param sessionKey the lineage's key
	 * @return the prefix of the session's pair, lineage, seeded and lease keys
	 */
	static String sessionKeys(String keyPrefix, String sessionKey) {
		// The braces make it a Redis Cluster hash tag: the keys of one session live on
		// the same node, so one script can read them all. The session key is hashed: no
		// e-mail address in a key name, and no brace of a principal's name breaks the
		// tag.
		byte[] digest = Sha256.digest(sessionKey.getBytes(StandardCharsets.UTF_8));
		return keyPrefix + "{" + HexFormat.of().formatHex(digest, 0, 16) + "}:";
	}

	private record Sealed(String value, String keyId) {
	}

	StoredTokenPair read(String sessionKey, Map<String, String> hash) {
		String version = hash.get("version");
		String value = hash.get("pair");
		if (version == null || value == null) {
			throw new TokenDecryptionException("The pair of session '" + sessionKey
					+ "' in Redis is incomplete; delete " + pairKey(sessionKey) + " so that the session starts again");
		}
		String keyId = hash.getOrDefault("key-id", "");
		long number = version(sessionKey, version);
		if (keyId.isEmpty() && this.cipher != null) {
			// Anyone who can write to Redis could plant a pair of another account.
			throw new TokenDecryptionException("The pair of session '" + sessionKey + "' in Redis is in plain text,"
					+ " and an encryption key is configured: it is refused; delete " + pairKey(sessionKey)
					+ " so that the session starts again");
		}
		if (!keyId.isEmpty()) {
			if (this.cipher == null) {
				throw new TokenDecryptionException("The pair of session '" + sessionKey
						+ "' in Redis is encrypted (key " + quoted(keyId) + ") and no encryption key is configured: set"
						+ " marketiger.auth.store.redis.encryption-key to that key");
			}
			TokenCipher reader = this.readers.get(keyId);
			if (reader == null) {
				throw new TokenDecryptionException("The pair of session '" + sessionKey
						+ "' in Redis is encrypted with key " + quoted(keyId) + ", not with the configured key "
						+ this.cipher.keyId() + " or a previous one: configure that key (as"
						+ " marketiger.auth.store.redis.previous-encryption-keys), or delete " + pairKey(sessionKey)
						+ " so that the session starts again");
			}
			try {
				value = reader.decrypt(associatedData(sessionKey, number), value);
			}
			catch (TokenDecryptionException ex) {
				throw new TokenDecryptionException("Session '" + sessionKey + "': " + ex.getMessage(), ex);
			}
		}
		return new StoredTokenPair(parse(sessionKey, value), number);
	}

	private long version(String sessionKey, String version) {
		long number;
		try {
			number = Long.parseLong(version);
		}
		catch (NumberFormatException ex) {
			number = 0;
		}
		if (number <= 0) {
			throw new TokenDecryptionException(
					"The pair of session '" + sessionKey + "' in Redis has no valid version; delete "
							+ pairKey(sessionKey) + " so that the session starts again");
		}
		return number;
	}

	/**
	 * Return the stored key id when it is one (8 hex characters): anything else in that
	 * field is not quoted, so that stored bytes such as line breaks never reach a log
	 * line.
	 */
	private static String quoted(String keyId) {
		return KEY_ID.matcher(keyId).matches() ? keyId : "<not a key id>";
	}

	private static String write(TokenPair pair) {
		ObjectNode node = json.createObjectNode();
		node.put("accessToken", pair.accessToken());
		node.put("refreshToken", pair.refreshToken());
		node.put("obtainedAt", pair.obtainedAt().toEpochMilli());
		node.put("accessTokenExpiresAt", pair.accessTokenExpiresAt().toEpochMilli());
		Instant refreshExpiresAt = pair.refreshTokenExpiresAt();
		if (refreshExpiresAt != null) {
			node.put("refreshTokenExpiresAt", refreshExpiresAt.toEpochMilli());
		}
		return json.writeValueAsString(node);
	}

	private static TokenPair parse(String sessionKey, String value) {
		try {
			JsonNode node = json.readTree(value);
			JsonNode refreshToken = node.path("refreshToken");
			JsonNode refreshExpiresAt = node.path("refreshTokenExpiresAt");
			return new TokenPair(Objects.requireNonNull(node.get("accessToken")).asString(),
					refreshToken.isString() ? refreshToken.asString() : null,
					Instant.ofEpochMilli(node.get("obtainedAt").asLong()),
					Instant.ofEpochMilli(node.get("accessTokenExpiresAt").asLong()),
					refreshExpiresAt.isNumber() ? Instant.ofEpochMilli(refreshExpiresAt.asLong()) : null);
		}
		catch (RuntimeException ex) {
			// Never the value itself: it holds the tokens.
			throw new TokenDecryptionException("The pair of session '" + sessionKey
					+ "' in Redis is not readable; delete it so that the session starts again");
		}
	}

	@Override
	public String toString() {
		return "RedisTokenStore[keyPrefix=" + this.keyPrefix + ", encrypted=" + (this.cipher != null) + "]";
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
