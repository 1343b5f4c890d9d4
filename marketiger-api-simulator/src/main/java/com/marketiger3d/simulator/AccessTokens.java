package com.marketiger3d.simulator;

import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
 * and revokes all of them at once.
 * <p>
 * Issuing and checking a token take constant time, however many were issued: each token
 * carries its issue number ({@code jti} is {@code <number>.<random>}), and revoking them
 * all records the last number issued, so a token is revoked when its number is not above
 * it. The expiry of every token issued is kept only to count the unexpired ones a
 * revocation hits, and {@link #expire()} (run on a schedule by the simulator) forgets
 * those that expired.
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

	private final AtomicLong issued = new AtomicLong();

	/** Tokens numbered up to this one are revoked. */
	private volatile long revokedThrough;

	/**
	 * Expiry of the tokens issued and neither revoked nor known to have expired, by
	 * number: only to count what {@link #revokeAll()} revokes.
	 */
	private final Map<Long, Instant> live = new ConcurrentHashMap<>();

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
		long number = this.issued.incrementAndGet();
		String id = number + "." + UUID.randomUUID();
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
		this.live.put(number, expiresAt);
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
		return number(token) <= this.revokedThrough;
	}

	/**
	 * Revoke every access token issued so far. Sessions and refresh tokens stay valid.
	 * @return how many unexpired tokens were revoked
	 */
	synchronized int revokeAll() {
		long from = this.revokedThrough;
		long through = this.issued.get();
		this.revokedThrough = through;
		Instant now = this.clock.instant();
		int revoked = 0;
		for (Iterator<Map.Entry<Long, Instant>> entries = this.live.entrySet().iterator(); entries.hasNext();) {
			Map.Entry<Long, Instant> entry = entries.next();
			if (entry.getKey() <= through) {
				// above from: a token put after an earlier revocation looked is not
				// counted twice
				if (entry.getKey() > from && entry.getValue().isAfter(now)) {
					revoked++;
				}
				entries.remove();
			}
		}
		return revoked;
	}

	/**
	 * Forget the tokens that have expired on the server's clock. They stay expired: the
	 * expiry a token is checked against is its own {@code exp}.
	 * @return how many were forgotten
	 */
	int expire() {
		Instant now = this.clock.instant();
		int before = this.live.size();
		this.live.values().removeIf((expiry) -> !expiry.isAfter(now));
		return before - this.live.size();
	}

	/**
	 * Return how many tokens are remembered for a revocation to count.
	 * @return tokens issued, neither revoked nor forgotten by {@link #expire()}
	 */
	int remembered() {
		return this.live.size();
	}

	private static long number(AccessToken token) {
		String id = token.id();
		int dot = id.indexOf('.');
		try {
			return Long.parseLong((dot > 0) ? id.substring(0, dot) : id);
		}
		catch (NumberFormatException ex) {
			// Signed here, so it has a number; treat anything else as revoked
			return Long.MIN_VALUE;
		}
	}

}
