package com.marketiger3d.auth.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Computes SHA-256 digests, for the fingerprints that name a token or a key without
 * revealing it.
 *
 * @since 0.1.0
 */
public final class Sha256 {

	private Sha256() {
	}

	/**
	 * Return the SHA-256 digest of {@code input}.
	 * @param input the bytes to digest
	 * @return the 32 bytes of the digest
	 */
	public static byte[] digest(byte[] input) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(input);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java runtime", ex);
		}
	}

}
