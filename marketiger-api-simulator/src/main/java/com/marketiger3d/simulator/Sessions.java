package com.marketiger3d.simulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Login sessions and their refresh tokens. Every login opens a session; every refresh
 * uses up the refresh token it was given and issues the next pair in the same session. A
 * used refresh token presented again is taken for a stolen one: the whole session is
 * revoked, its access tokens and its current refresh token included.
 * <p>
 * This class is thread-safe: one lock, so that of two refreshes racing with the same
 * refresh token exactly one wins and the other is a reuse, as on a strict server.
 */
final class Sessions {

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private final Clock clock;

	private final Duration refreshTokenLifetime;

	private final AccessTokens accessTokens;

	private final SimulatorCounters counters;

	private final SecureRandom random = new SecureRandom();

	private final Set<String> revokedSessions = new HashSet<>();

	/** Every refresh token issued, used ones included, so that a reuse is recognised. */
	private final Map<String, RefreshGrant> grants = new HashMap<>();

	Sessions(Clock clock, Duration refreshTokenLifetime, AccessTokens accessTokens, SimulatorCounters counters) {
		this.clock = clock;
		this.refreshTokenLifetime = refreshTokenLifetime;
		this.accessTokens = accessTokens;
		this.counters = counters;
	}

	/**
	 * Open a session for an account that just logged in.
	 * @param subject the account's e-mail
	 * @return the session's first pair
	 */
	synchronized TokenPair open(String subject) {
		return issue(subject, UUID.randomUUID().toString());
	}

	/**
	 * Use up a refresh token and issue the next pair of its session.
	 * @param accessToken the access token sent along, the one issued with the refresh
	 * token
	 * @param refreshToken the refresh token
	 * @return the new pair
	 * @throws RefreshRejectedException if the refresh must be answered with 401
	 */
	synchronized TokenPair refresh(String accessToken, String refreshToken) {
		RefreshGrant grant = this.grants.get(refreshToken);
		if (grant == null) {
			throw new RefreshRejectedException(RefreshRejection.UNKNOWN);
		}
		if (grant.used) {
			revoke(grant.sessionId);
			throw new RefreshRejectedException(RefreshRejection.REUSED);
		}
		if (this.revokedSessions.contains(grant.sessionId)) {
			throw new RefreshRejectedException(RefreshRejection.REVOKED);
		}
		if (!this.clock.instant().isBefore(grant.expiresAt)) {
			throw new RefreshRejectedException(RefreshRejection.EXPIRED);
		}
		AccessToken presented = this.accessTokens.read(accessToken);
		// A mismatch is a client mistake, not a theft: the refresh token stays usable
		if (presented == null || !presented.id().equals(grant.accessTokenId)) {
			throw new RefreshRejectedException(RefreshRejection.ACCESS_TOKEN_MISMATCH);
		}
		grant.used = true;
		return issue(grant.subject, grant.sessionId);
	}

	/**
	 * Tell whether a session is still valid.
	 * @param sessionId the session
	 * @return {@code false} once a reuse revoked it
	 */
	synchronized boolean isActive(String sessionId) {
		return !this.revokedSessions.contains(sessionId);
	}

	private TokenPair issue(String subject, String sessionId) {
		AccessToken accessToken = this.accessTokens.issue(subject, sessionId);
		String refreshToken = newRefreshToken();
		Instant expiresAt = this.clock.instant().plus(this.refreshTokenLifetime);
		this.grants.put(refreshToken, new RefreshGrant(subject, sessionId, accessToken.id(), expiresAt));
		return new TokenPair(accessToken, refreshToken);
	}

	private void revoke(String sessionId) {
		if (this.revokedSessions.add(sessionId)) {
			this.counters.sessionRevoked();
		}
	}

	private String newRefreshToken() {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		return BASE64.encodeToString(bytes);
	}

	private static final class RefreshGrant {

		private final String subject;

		private final String sessionId;

		private final String accessTokenId;

		private final Instant expiresAt;

		private boolean used;

		RefreshGrant(String subject, String sessionId, String accessTokenId, Instant expiresAt) {
			this.subject = subject;
			this.sessionId = sessionId;
			this.accessTokenId = accessTokenId;
			this.expiresAt = expiresAt;
		}

	}

}
