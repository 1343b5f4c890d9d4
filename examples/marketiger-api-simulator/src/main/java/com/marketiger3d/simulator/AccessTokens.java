package com.marketiger3d.simulator;

import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

/**
 * Issues access tokens as HS256 JWTs signed with a key drawn at start, reads them back,
 * and keeps the set of live ones so they can all be revoked at once.
 * <p>
 * This class is thread-safe.
 */
final class AccessTokens {

	static final String SESSION_CLAIM = "sid";

	private static final String ISSUER = "marketiger-api-simulator";

	private final Clock clock;

	private final Duration lifetime;

	private final MACSigner signer;

	private final MACVerifier verifier;

	/**
	 * Identifiers of the tokens issued and not revoked, with their expiry, for pruning.
	 */
	private final Map<String, Instant> live = new ConcurrentHashMap<>();

	AccessTokens(Clock clock, Duration lifetime) {
		this.clock = clock;
		this.lifetime = lifetime;
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		try {
			this.signer = new MACSigner(key);
			this.verifier = new MACVerifier(key);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot create the token signing key", ex);
		}
	}

	/**
	 * Issue a new access token.
	 * @param subject the account's e-mail
	 * @param sessionId the session it belongs to
	 * @return the signed token
	 */
	AccessToken issue(String subject, String sessionId) {
		// JWT times are whole seconds: truncate, so that exp - iat is the lifetime
		Instant issuedAt = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Instant expiresAt = issuedAt.plus(this.lifetime);
		String id = UUID.randomUUID().toString();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject(subject)
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(expiresAt))
			.jwtID(id)
			.claim(SESSION_CLAIM, sessionId)
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
				claims);
		try {
			jwt.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign an access token", ex);
		}
		Instant now = this.clock.instant();
		this.live.values().removeIf((expiry) -> !expiry.isAfter(now));
		this.live.put(id, expiresAt);
		return new AccessToken(jwt.serialize(), id, subject, sessionId, issuedAt, expiresAt);
	}

	/**
	 * Read a token this simulator signed, whether or not it is still valid.
	 * @param value the serialized token
	 * @return the token, or {@code null} if it is not a JWT signed here with all its
	 * claims
	 */
	@Nullable AccessToken read(String value) {
		try {
			SignedJWT jwt = SignedJWT.parse(value);
			if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(this.verifier)) {
				return null;
			}
			JWTClaimsSet claims = jwt.getJWTClaimsSet();
			String sessionId = claims.getStringClaim(SESSION_CLAIM);
			if (claims.getJWTID() == null || claims.getSubject() == null || sessionId == null
					|| claims.getIssueTime() == null || claims.getExpirationTime() == null) {
				return null;
			}
			return new AccessToken(value, claims.getJWTID(), claims.getSubject(), sessionId,
					claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
		}
		catch (ParseException | JOSEException ex) {
			return null;
		}
	}

	/**
	 * Tell whether a token has expired on the server's clock.
	 * @param token the token
	 * @return whether its {@code exp} has passed
	 */
	boolean isExpired(AccessToken token) {
		return !this.clock.instant().isBefore(token.expiresAt());
	}

	/**
	 * Tell whether a token was revoked by {@link #revokeAll()}.
	 * @param token the token
	 * @return whether it is no longer live
	 */
	boolean isRevoked(AccessToken token) {
		return !this.live.containsKey(token.id());
	}

	/**
	 * Revoke every access token issued so far. Sessions and refresh tokens stay valid.
	 * @return how many unexpired tokens were revoked
	 */
	int revokeAll() {
		Instant now = this.clock.instant();
		int revoked = (int) this.live.values().stream().filter((expiry) -> expiry.isAfter(now)).count();
		this.live.clear();
		return revoked;
	}

}
