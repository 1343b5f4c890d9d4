package com.marketiger3d.auth.redis;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import com.marketiger3d.auth.token.StoredTokenPair;
import com.marketiger3d.auth.token.TokenPair;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How {@link RedisTokenStore} writes a pair into its hash and reads it back: the pair and
 * its instants as JSON, sealed with AES-GCM under the configured key when there is one,
 * and opened with that key or a previous one, by key id.
 */
final class StoredPairCodec {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}");

	private final String keyPrefix;

	/** Seals every write; {@code null} for plain text. */
	private final @Nullable TokenCipher cipher;

	/** Opens what the current and the previous keys sealed, by key id. */
	private final Map<String, TokenCipher> readers;

	StoredPairCodec(String keyPrefix, byte @Nullable [] encryptionKey, List<byte[]> previousEncryptionKeys) {
		this.keyPrefix = keyPrefix;
		this.cipher = (encryptionKey != null) ? new TokenCipher(encryptionKey) : null;
		Map<String, TokenCipher> readers = new LinkedHashMap<>();
		if (this.cipher != null) {
			readers.put(this.cipher.keyId(), this.cipher);
			for (byte[] previous : previousEncryptionKeys) {
				TokenCipher reader = new TokenCipher(previous);
				readers.putIfAbsent(reader.keyId(), reader);
			}
		}
		this.readers = Map.copyOf(readers);
	}

	boolean encrypted() {
		return this.cipher != null;
	}

	Sealed seal(String sessionKey, long version, TokenPair pair) {
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

	private String pairKey(String sessionKey) {
		return SessionKeys.pair(this.keyPrefix, sessionKey);
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

	/** The hash's {@code pair} and {@code key-id} fields (empty for plain text). */
	record Sealed(String value, String keyId) {
	}

}
