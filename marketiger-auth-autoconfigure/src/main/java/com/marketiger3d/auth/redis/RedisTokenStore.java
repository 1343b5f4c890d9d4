package com.marketiger3d.auth.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import com.marketiger3d.auth.token.StoredTokenPair;
import com.marketiger3d.auth.token.TokenPair;
import com.marketiger3d.auth.token.TokenStore;
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
 * key prefix. Each session is one hash at {@code <prefix>{<session>}:pair} with the
 * fields {@code version}, {@code pair} (the pair and its instants as JSON, or that JSON
 * encrypted with AES-GCM) and {@code key-id} (empty for plain text). A replace is one Lua
 * script that compares the version and writes, so the compare-and-set is atomic.
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

	private static final RedisScript<Long> COMPARE_AND_SET = RedisScript.of("""
			local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
			if version ~= tonumber(ARGV[1]) then
			  return 0
			end
			redis.call('HSET', KEYS[1], 'version', version + 1, 'pair', ARGV[2], 'key-id', ARGV[3])
			return version + 1
			""", Long.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}");

	private final ReactiveRedisTemplate<String, String> redis;

	private final String keyPrefix;

	private final @Nullable TokenCipher cipher;

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
		this.timeout = builder.timeout;
		if (this.cipher == null) {
			logger.warn("MarkeTiger tokens are stored in plain text in Redis (keys '" + this.keyPrefix
					+ "*'): set marketiger.auth.store.redis.encryption-key to encrypt them at rest");
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
			String value = write(pair);
			String keyId = "";
			if (this.cipher != null) {
				value = this.cipher.encrypt(sessionKey, value);
				keyId = this.cipher.keyId();
			}
			Mono<Long> written = this.redis
				.execute(COMPARE_AND_SET, List.of(pairKey(sessionKey)),
						List.of(Long.toString(expectedVersion), value, keyId))
				.next();
			return RedisSupport.bounded(written, this.timeout, "writing session '" + sessionKey + "'");
		}).flatMap((version) -> (version > 0) ? Mono.just(new StoredTokenPair(pair, version)) : Mono.empty());
	}

	@Override
	public Mono<Void> delete(String sessionKey) {
		Mono<Long> deleted = Mono.defer(() -> this.redis.delete(pairKey(sessionKey)));
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
		// The braces make it a Redis Cluster hash tag: the pair and the lease of one
		// session live on the same node, so one script can read both.
		return keyPrefix + "{" + sessionKey + "}:pair";
	}

	StoredTokenPair read(String sessionKey, Map<String, String> hash) {
		String version = hash.get("version");
		String value = hash.get("pair");
		if (version == null || value == null) {
			throw new TokenDecryptionException("The pair of session '" + sessionKey
					+ "' in Redis is incomplete; delete " + pairKey(sessionKey) + " so that the session starts again");
		}
		String keyId = hash.getOrDefault("key-id", "");
		if (!keyId.isEmpty()) {
			if (this.cipher == null) {
				throw new TokenDecryptionException("The pair of session '" + sessionKey
						+ "' in Redis is encrypted (key " + quoted(keyId) + ") and no encryption key is configured: set"
						+ " marketiger.auth.store.redis.encryption-key to that key");
			}
			if (!keyId.equals(this.cipher.keyId())) {
				throw new TokenDecryptionException("The pair of session '" + sessionKey
						+ "' in Redis is encrypted with key " + quoted(keyId) + ", not with the configured key "
						+ this.cipher.keyId() + ": configure that key, or delete " + pairKey(sessionKey)
						+ " so that the session starts again");
			}
			value = this.cipher.decrypt(sessionKey, value);
		}
		return new StoredTokenPair(parse(sessionKey, value), version(sessionKey, version));
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
