package com.marketiger3d.auth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import com.marketiger3d.auth.api.IssuedTokens;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The timing rules of the lifecycle: when a pair is fresh, stale or expired, and when its
 * refresh token may still be sent.
 * <p>
 * A token that lives shorter than {@code refreshAhead} is refreshed at half its lifetime,
 * and the clock skew never takes more than a quarter of it, so that a short-lived token
 * is refreshed once per lifetime rather than on every call.
 *
 * @param refreshAhead start a background refresh this long before the access token
 * expires
 * @param clockSkew treat a token as expired this long before its expiry
 * @param refreshTokenLifetime how long a refresh token is accepted after it was issued
 * @param defaultAccessTokenLifetime the lifetime of an access token without a readable
 * {@code exp}
 * @since 0.1.0
 */
public record TokenTiming(Duration refreshAhead, Duration clockSkew, Duration refreshTokenLifetime,
		Duration defaultAccessTokenLifetime) {

	private static final Log logger = LogFactory.getLog(TokenTiming.class);

	/** Half of what milliseconds since the epoch hold: some 146 million years. */
	private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE / 2);

	private static final AtomicBoolean warnedAboutMissingExpiry = new AtomicBoolean();

	/**
	 * Check the components.
	 * @param refreshAhead start a background refresh this long before the access token
	 * expires
	 * @param clockSkew treat a token as expired this long before its expiry
	 * @param refreshTokenLifetime how long a refresh token is accepted after it was
	 * issued
	 * @param defaultAccessTokenLifetime the lifetime of an access token without a
	 * readable {@code exp}
	 */
	public TokenTiming {
		Objects.requireNonNull(refreshAhead, "refreshAhead must not be null");
		Objects.requireNonNull(clockSkew, "clockSkew must not be null");
		Objects.requireNonNull(refreshTokenLifetime, "refreshTokenLifetime must not be null");
		Objects.requireNonNull(defaultAccessTokenLifetime, "defaultAccessTokenLifetime must not be null");
	}

	/**
	 * Return the timing the API documents and the configuration defaults: refresh 60 s
	 * ahead, 10 s skew, 12 h refresh tokens, 5 min for an access token without
	 * {@code exp}.
	 * @return the default timing
	 */
	public static TokenTiming defaults() {
		return new TokenTiming(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofHours(12),
				Duration.ofMinutes(5));
	}

	/**
	 * Build the pair for tokens the API has just issued. When the JWT has both
	 * {@code iat} and {@code exp}, the expiry is {@code obtainedAt + (exp - iat)}, so
	 * that a server clock that is off does not make a new token look expired (or
	 * immortal) on the local clock.
	 * @param issued the tokens of a Login or RefreshToken answer
	 * @param obtainedAt when the answer arrived
	 * @return the pair
	 */
	public TokenPair issued(IssuedTokens issued, Instant obtainedAt) {
		JwtTimes times = JwtTimes.read(issued.accessToken());
		Instant expiresAt;
		if (times.expiresAt() != null && times.issuedAt() != null && times.expiresAt().isAfter(times.issuedAt())) {
			expiresAt = obtainedAt.plus(Duration.between(times.issuedAt(), times.expiresAt()));
		}
		else {
			expiresAt = expiry(times, obtainedAt);
		}
		return pair(issued, obtainedAt, expiresAt);
	}

	/**
	 * Build the pair for tokens handed in by configuration, whose age is unknown: the
	 * access token's absolute {@code exp} is trusted and the refresh token is taken as
	 * new.
	 * @param tokens the configured tokens
	 * @param now the current instant
	 * @return the pair
	 */
	public TokenPair configured(IssuedTokens tokens, Instant now) {
		return pair(tokens, now, expiry(JwtTimes.read(tokens.accessToken()), now));
	}

	private Instant expiry(JwtTimes times, Instant obtainedAt) {
		if (times.expiresAt() != null) {
			return times.expiresAt();
		}
		String message = "Access token has no readable 'exp' claim; assuming"
				+ " marketiger.auth.default-access-token-lifetime (" + this.defaultAccessTokenLifetime + ")";
		// Once at WARN: an API whose tokens never carry 'exp' would otherwise warn on
		// every refresh.
		if (warnedAboutMissingExpiry.compareAndSet(false, true)) {
			logger.warn(message);
		}
		else {
			logger.debug(message);
		}
		return obtainedAt.plus(this.defaultAccessTokenLifetime);
	}

	private TokenPair pair(IssuedTokens tokens, Instant obtainedAt, Instant expiresAt) {
		// A claim far outside what milliseconds since the epoch hold would overflow the
		// arithmetic of the timing rules: before the epoch is expired all the same, and
		// LATEST is later than any token lives.
		if (expiresAt.isBefore(Instant.EPOCH)) {
			expiresAt = Instant.EPOCH;
		}
		else if (expiresAt.isAfter(LATEST)) {
			expiresAt = LATEST;
		}
		Instant refreshExpiresAt = (tokens.refreshToken() != null) ? obtainedAt.plus(this.refreshTokenLifetime) : null;
		return new TokenPair(tokens.accessToken(), tokens.refreshToken(), obtainedAt, expiresAt, refreshExpiresAt);
	}

	/**
	 * Return when an access token should be refreshed: {@code refreshAhead} before its
	 * expiry, but never earlier than half its lifetime, and never later than
	 * {@link #expiredAt(Instant, Instant)}.
	 * @param obtainedAt when the token was received, or {@code null} when unknown (then
	 * the configured durations apply uncapped)
	 * @param expiresAt when the token stops being accepted
	 * @return the instant from which the token is due for a refresh
	 */
	public Instant refreshAt(@Nullable Instant obtainedAt, Instant expiresAt) {
		long expires = expiresAt.toEpochMilli();
		return Instant.ofEpochMilli(refreshAtMillis(expires, lifetimeMillis(obtainedAt, expires)));
	}

	/**
	 * Return when an access token is treated as expired: {@code clockSkew} before its
	 * expiry, but never more than a quarter of its lifetime before.
	 * @param obtainedAt when the token was received, or {@code null} when unknown (then
	 * the configured skew applies uncapped)
	 * @param expiresAt when the token stops being accepted
	 * @return the instant from which the token must not be used any more
	 */
	public Instant expiredAt(@Nullable Instant obtainedAt, Instant expiresAt) {
		long expires = expiresAt.toEpochMilli();
		return Instant.ofEpochMilli(expiredAtMillis(expires, lifetimeMillis(obtainedAt, expires)));
	}

	private static long lifetimeMillis(@Nullable Instant obtainedAt, long expiresAt) {
		return (obtainedAt != null) ? Math.max(0, expiresAt - obtainedAt.toEpochMilli()) : Long.MAX_VALUE;
	}

	private long expiredAtMillis(long expiresAt, long lifetime) {
		return expiresAt - Math.min(this.clockSkew.toMillis(), lifetime / 4);
	}

	private long refreshAtMillis(long expiresAt, long lifetime) {
		return Math.min(expiresAt - Math.min(this.refreshAhead.toMillis(), lifetime / 2),
				expiredAtMillis(expiresAt, lifetime));
	}

	/**
	 * Precompute the instants of a stored pair, so that the hot path compares one number.
	 * @param stored the pair and its version
	 * @return the state
	 */
	TokenState state(StoredTokenPair stored) {
		TokenPair pair = stored.pair();
		long expiresAt = pair.accessTokenExpiresAt().toEpochMilli();
		long lifetime = lifetimeMillis(pair.obtainedAt(), expiresAt);
		long expiredAt = expiredAtMillis(expiresAt, lifetime);
		long refreshAt = refreshAtMillis(expiresAt, lifetime);
		long refreshUsableUntil = (pair.refreshTokenExpiresAt() != null)
				? pair.refreshTokenExpiresAt().toEpochMilli() - this.clockSkew.toMillis() : Long.MIN_VALUE;
		return new TokenState(stored, refreshAt, expiredAt, refreshUsableUntil);
	}

}
