package com.marketiger3d.auth.test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signed access tokens like the API's: HS256 with a key the client never sees.
 */
public final class TestJwts {

	private static final byte[] KEY = new byte[32];

	static {
		new SecureRandom().nextBytes(KEY);
	}

	private TestJwts() {
	}

	/**
	 * A token issued at {@code issuedAt} that lives {@code lifetime}.
	 */
	public static String issued(Instant issuedAt, Duration lifetime) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("service@marketiger3d.test")
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(issuedAt.plus(lifetime)))
			.build();
		return sign(claims);
	}

	/**
	 * A token with an {@code exp} claim and no {@code iat}.
	 */
	public static String expiringAt(Instant expiresAt) {
		return sign(new JWTClaimsSet.Builder().subject("service@marketiger3d.test")
			.jwtID(UUID.randomUUID().toString())
			.expirationTime(Date.from(expiresAt))
			.build());
	}

	private static String sign(JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
			jwt.sign(new MACSigner(KEY));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
