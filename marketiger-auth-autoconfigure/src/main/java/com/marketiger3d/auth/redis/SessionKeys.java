package com.marketiger3d.auth.redis;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import com.marketiger3d.auth.api.Sha256;

/**
 * The Redis key names of a session: {@code <prefix>{<session hash>}:} followed by
 * {@code pair}, {@code lineage}, {@code seeded} or {@code lease}.
 */
final class SessionKeys {

	private SessionKeys() {
	}

	/**
	 * Return the start of a session's key names.
	 * @param keyPrefix the store's key prefix
	 * @param sessionKey the lineage's key
	 * @return the prefix of the session's pair, lineage, seeded and lease keys
	 */
	static String of(String keyPrefix, String sessionKey) {
		// The braces make it a Redis Cluster hash tag: the keys of one session live on
		// the same node, so one script can read them all. The session key is hashed: no
		// e-mail address in a key name, and no brace of a principal's name breaks the
		// tag.
		byte[] digest = Sha256.digest(sessionKey.getBytes(StandardCharsets.UTF_8));
		return keyPrefix + "{" + HexFormat.of().formatHex(digest, 0, 16) + "}:";
	}

	/** The hash that holds a session's pair. */
	static String pair(String keyPrefix, String sessionKey) {
		return of(keyPrefix, sessionKey) + "pair";
	}

	/** The version and refresh-token digest of the last pair written. */
	static String lineage(String keyPrefix, String sessionKey) {
		return of(keyPrefix, sessionKey) + "lineage";
	}

	/** The digest of the configured tokens once they were written; without expiry. */
	static String seeded(String keyPrefix, String sessionKey) {
		return of(keyPrefix, sessionKey) + "seeded";
	}

}
