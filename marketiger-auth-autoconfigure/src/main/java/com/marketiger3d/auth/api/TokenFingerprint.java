package com.marketiger3d.auth.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
	 * Fingerprint a token.
	 * @param token the secret, or {@code null}
	 * @return 8 hex characters, or {@code "none"} for a missing token
	 */
	public static String of(@Nullable String token) {
		if (token == null) {
			return ABSENT;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 4);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java runtime", ex);
		}
	}

}
