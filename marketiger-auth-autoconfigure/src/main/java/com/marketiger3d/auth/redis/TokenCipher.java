package com.marketiger3d.auth.redis;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.marketiger3d.auth.api.Sha256;

/**
 * AES-GCM with a random 12-byte nonce per write. The caller's associated data (the
 * store's prefix, the session key and the version) binds the value to its place, so a
 * value copied to another session, or put back under another version, does not decrypt.
 * The key id (first 8 hex characters of the key's SHA-256) is stored beside the
 * ciphertext.
 */
final class TokenCipher {

	private static final int NONCE_LENGTH = 12;

	private static final int TAG_BITS = 128;

	private final SecureRandom random = new SecureRandom();

	private final SecretKeySpec key;

	private final String keyId;

	TokenCipher(byte[] key) {
		if (key.length != 32) {
			throw new IllegalArgumentException("an AES-256 key has 32 bytes");
		}
		this.key = new SecretKeySpec(key, "AES");
		this.keyId = keyId(key);
	}

	String keyId() {
		return this.keyId;
	}

	String encrypt(String associatedData, String plainText) {
		byte[] nonce = new byte[NONCE_LENGTH];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plainText.getBytes(StandardCharsets.UTF_8));
			byte[] out = new byte[NONCE_LENGTH + sealed.length];
			System.arraycopy(nonce, 0, out, 0, NONCE_LENGTH);
			System.arraycopy(sealed, 0, out, NONCE_LENGTH, sealed.length);
			return Base64.getEncoder().encodeToString(out);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	String decrypt(String associatedData, String encoded) {
		try {
			byte[] in = Base64.getDecoder().decode(encoded);
			// Shorter than nonce and tag: the JDK's GCM fails such input with a
			// ProviderException rather than AEADBadTagException.
			if (in.length < NONCE_LENGTH + TAG_BITS / 8) {
				throw new TokenDecryptionException("The pair in Redis is not an encrypted value");
			}
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_LENGTH));
			cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
			return new String(cipher.doFinal(in, NONCE_LENGTH, in.length - NONCE_LENGTH), StandardCharsets.UTF_8);
		}
		catch (AEADBadTagException | IllegalArgumentException ex) {
			throw new TokenDecryptionException("The pair in Redis does not decrypt with key " + this.keyId
					+ ": it was altered, or written for another session or under another version", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	static String keyId(byte[] key) {
		return HexFormat.of().formatHex(Sha256.digest(key), 0, 4);
	}

}
