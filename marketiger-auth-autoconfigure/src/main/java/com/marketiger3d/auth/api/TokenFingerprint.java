package com.marketiger3d.auth.api;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * Names a token without revealing it: the first 8 hex characters of its SHA-256. The only
 * form in which a token may appear in a log line, a message, an event or a
 * {@code toString}.
 *
 * @since 0.1.0
 */
public final class TokenFingerprint {

	private static final String ABSENT = "none";

	private TokenFingerprint() {
	}

	/**
	 * Return the fingerprint of a token.
	 * @param token the secret, or {@code null}
	 * @return 8 hex characters, or {@code "none"} for a missing token
	 */
	public static String of(@Nullable String token) {
		if (token == null) {
			return ABSENT;
		}
		return HexFormat.of().formatHex(Sha256.digest(token.getBytes(StandardCharsets.UTF_8)), 0, 4);
	}

}
