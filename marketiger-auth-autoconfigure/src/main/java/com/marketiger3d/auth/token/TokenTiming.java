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
 * <p>
 * A lifetime read from the claims that is not positive, or longer than a year, is not
 * trusted: the token lives {@code defaultAccessTokenLifetime}, as one without a readable
 * {@code exp} does. And a pair is neither due for a refresh nor expired sooner than five
 * seconds after it was obtained, so that a server handing out tokens that are (nearly)
 * expired on arrival gets one renewal per five seconds, not one per call.
 *
 * @param refreshAhead start a background refresh this long before the access token
 * expires
 * @param clockSkew treat a token as expired this long before its expiry
 * @param refreshTokenLifetime how long a refresh token is accepted after it was issued
 * @param defaultAccessTokenLifetime the lifetime of an access token without a readable
 * {@code exp}
 * @param rejectedTokenMinAge a 401 renews a token this process obtained in answer to an
 * earlier 401 only once it is this old: a younger one was refused for another reason than
 * the token
 * @since 0.1.0
 */
public record TokenTiming(Duration refreshAhead, Duration clockSkew, Duration refreshTokenLifetime,
		Duration defaultAccessTokenLifetime, Duration rejectedTokenMinAge) {

	/** The default of {@link #rejectedTokenMinAge()}. */
	static final Duration DEFAULT_REJECTED_TOKEN_MIN_AGE = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(TokenTiming.class);

	/** Half of what milliseconds since the epoch hold: some 146 million years. */
	private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE / 2);

	/**
	 * The soonest after a pair was obtained that it is due for a refresh or expired. It
	 * bounds a server whose tokens arrive (nearly) expired to one renewal per session
	 * every five seconds instead of one per call, and changes nothing for a token that
	 * lives ten seconds or more (the API's live five minutes, the simulator's thirty
	 * seconds by default): those are refreshed at half their lifetime at the soonest
	 * anyway. A token that really expires sooner is answered 401, and the 401 path renews
	 * it.
	 */
	static final Duration MINIMUM_RENEWAL_INTERVAL = Duration.ofSeconds(5);

	private static final long MINIMUM_RENEWAL_INTERVAL_MILLIS = MINIMUM_RENEWAL_INTERVAL.toMillis();

	/**
	 * The longest lifetime of an access token that its claims are trusted with. The API's
	 * access tokens live minutes and its refresh tokens twelve hours: a lifetime of more
	 * than a year comes from a garbled or absurd claim (or a server clock decades off),
	 * not from a token anyone means to use that long. A year also keeps every expiry
	 * derived from a claim well inside what the timing rules' epoch milliseconds hold.
	 */
	static final Duration MAXIMUM_LIFETIME = Duration.ofDays(365);

	private static final AtomicBoolean warnedAboutMissingExpiry = new AtomicBoolean();

	private static final AtomicBoolean warnedAboutImplausibleLifetime = new AtomicBoolean();

	/**
	 * Check the components.
	 * @param refreshAhead start a background refresh this long before the access token
	 * expires
	 * @param clockSkew treat a token as expired this long before its expiry
	 * @param refreshTokenLifetime how long a refresh token is accepted after it was
	 * issued
	 * @param defaultAccessTokenLifetime the lifetime of an access token without a
	 * readable {@code exp}
	 * @param rejectedTokenMinAge a 401 renews a token this process obtained in answer to
	 * an earlier 401 only once it is this old
	 */
	public TokenTiming {
		Objects.requireNonNull(refreshAhead, "refreshAhead must not be null");
		Objects.requireNonNull(clockSkew, "clockSkew must not be null");
		Objects.requireNonNull(refreshTokenLifetime, "refreshTokenLifetime must not be null");
		Objects.requireNonNull(defaultAccessTokenLifetime, "defaultAccessTokenLifetime must not be null");
		Objects.requireNonNull(rejectedTokenMinAge, "rejectedTokenMinAge must not be null");
	}

	/**
	 * Create the timing with the default {@link #rejectedTokenMinAge()} of five seconds.
	 * @param refreshAhead start a background refresh this long before the access token
	 * expires
	 * @param clockSkew treat a token as expired this long before its expiry
	 * @param refreshTokenLifetime how long a refresh token is accepted after it was
	 * issued
	 * @param defaultAccessTokenLifetime the lifetime of an access token without a
	 * readable {@code exp}
	 */
	public TokenTiming(Duration refreshAhead, Duration clockSkew, Duration refreshTokenLifetime,
			Duration defaultAccessTokenLifetime) {
		this(refreshAhead, clockSkew, refreshTokenLifetime, defaultAccessTokenLifetime, DEFAULT_REJECTED_TOKEN_MIN_AGE);
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
	 * immortal) on the local clock; with {@code exp} only, it is {@code exp}. A token
	 * without a readable {@code exp}, or whose lifetime so read ({@code exp - iat}, else
	 * {@code exp - obtainedAt}) is not positive or longer than a year, expires
	 * {@code defaultAccessTokenLifetime} after {@code obtainedAt}.
	 * @param issued the tokens of a Login or RefreshToken answer
	 * @param obtainedAt when the answer arrived
	 * @return the pair
	 */
	public TokenPair issued(IssuedTokens issued, Instant obtainedAt) {
		JwtTimes times = JwtTimes.read(issued.accessToken());
		Instant exp = times.expiresAt();
		if (exp == null) {
			return pair(issued, obtainedAt, assumedExpiry(obtainedAt, null));
		}
		// A Duration holds the difference of any two instants: no overflow, whatever the
		// claims say.
		Duration lifetime = Duration.between((times.issuedAt() != null) ? times.issuedAt() : obtainedAt, exp);
		if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAXIMUM_LIFETIME) > 0) {
			return pair(issued, obtainedAt, assumedExpiry(obtainedAt, lifetime));
		}
		return pair(issued, obtainedAt, obtainedAt.plus(lifetime));
	}

	/**
	 * Build the pair for tokens handed in by configuration, whose age is unknown: the
	 * access token's absolute {@code exp} is trusted, even when it has passed (the token
	 * is then renewed at once), and the refresh token is taken as new. A token without a
	 * readable {@code exp}, or with one more than a year ahead, expires
	 * {@code defaultAccessTokenLifetime} after {@code now}.
	 * @param tokens the configured tokens
	 * @param now the current instant
	 * @return the pair
	 */
	public TokenPair configured(IssuedTokens tokens, Instant now) {
		Instant exp = JwtTimes.read(tokens.accessToken()).expiresAt();
		if (exp == null) {
			return pair(tokens, now, assumedExpiry(now, null));
		}
		Duration remaining = Duration.between(now, exp);
		return pair(tokens, now, (remaining.compareTo(MAXIMUM_LIFETIME) > 0) ? assumedExpiry(now, remaining) : exp);
	}

	/**
	 * Return the expiry of a token whose claims give no lifetime to trust: none at all
	 * ({@code lifetime} is {@code null}) or an implausible one.
	 */
	private Instant assumedExpiry(Instant obtainedAt, @Nullable Duration lifetime) {
		String assumption = "; assuming marketiger.auth.default-access-token-lifetime ("
				+ this.defaultAccessTokenLifetime + ")";
		// Once at WARN: an API whose tokens never carry 'exp' (or a server whose clock is
		// far off) would otherwise warn on every refresh.
		if (lifetime == null) {
			log(warnedAboutMissingExpiry, "Access token has no readable 'exp' claim" + assumption);
		}
		else {
			log(warnedAboutImplausibleLifetime,
					"Access token's claims give it a lifetime of " + lifetime
							+ ", which is not plausible (zero or less, or over " + MAXIMUM_LIFETIME.toDays()
							+ " days: a server clock far off, or garbled claims)" + assumption);
		}
		return obtainedAt.plus(this.defaultAccessTokenLifetime);
	}

	private static void log(AtomicBoolean warned, String message) {
		if (warned.compareAndSet(false, true)) {
			logger.warn(message);
		}
		else {
			logger.debug(message);
		}
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
	 * expiry, but never earlier than half its lifetime, never later than
	 * {@link #expiredAt(Instant, Instant)}, and, for a token that had any lifetime left
	 * when it was obtained, never sooner than five seconds after that.
	 * @param obtainedAt when the token was received, or {@code null} when unknown (then
	 * the configured durations apply uncapped)
	 * @param expiresAt when the token stops being accepted
	 * @return the instant from which the token is due for a refresh
	 */
	public Instant refreshAt(@Nullable Instant obtainedAt, Instant expiresAt) {
		long expires = expiresAt.toEpochMilli();
		long lifetime = lifetimeMillis(obtainedAt, expires);
		return Instant.ofEpochMilli(refreshAtMillis(expires, lifetime, earliestMillis(obtainedAt, lifetime)));
	}

	/**
	 * Return when an access token is treated as expired: {@code clockSkew} before its
	 * expiry, but never more than a quarter of its lifetime before, and, for a token that
	 * had any lifetime left when it was obtained, never sooner than five seconds after
	 * that.
	 * @param obtainedAt when the token was received, or {@code null} when unknown (then
	 * the configured skew applies uncapped)
	 * @param expiresAt when the token stops being accepted
	 * @return the instant from which the token must not be used any more
	 */
	public Instant expiredAt(@Nullable Instant obtainedAt, Instant expiresAt) {
		long expires = expiresAt.toEpochMilli();
		long lifetime = lifetimeMillis(obtainedAt, expires);
		return Instant.ofEpochMilli(expiredAtMillis(expires, lifetime, earliestMillis(obtainedAt, lifetime)));
	}

	private static long lifetimeMillis(@Nullable Instant obtainedAt, long expiresAt) {
		return (obtainedAt != null) ? Math.max(0, expiresAt - obtainedAt.toEpochMilli()) : Long.MAX_VALUE;
	}

	/**
	 * Return the soonest instant the pair may be due or expired. A pair that had no
	 * lifetime left when it was obtained gets no floor: its expiry is known to have
	 * passed (configured tokens of unknown age), and {@link #issued} never builds one.
	 */
	private static long earliestMillis(@Nullable Instant obtainedAt, long lifetime) {
		return (obtainedAt != null && lifetime > 0) ? obtainedAt.toEpochMilli() + MINIMUM_RENEWAL_INTERVAL_MILLIS
				: Long.MIN_VALUE;
	}

	private long expiredAtMillis(long expiresAt, long lifetime, long earliest) {
		return Math.max(expiresAt - Math.min(this.clockSkew.toMillis(), lifetime / 4), earliest);
	}

	private long refreshAtMillis(long expiresAt, long lifetime, long earliest) {
		return Math.min(Math.max(expiresAt - Math.min(this.refreshAhead.toMillis(), lifetime / 2), earliest),
				expiredAtMillis(expiresAt, lifetime, earliest));
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
		long earliest = earliestMillis(pair.obtainedAt(), lifetime);
		long expiredAt = expiredAtMillis(expiresAt, lifetime, earliest);
		long refreshAt = refreshAtMillis(expiresAt, lifetime, earliest);
		long refreshUsableUntil = (pair.refreshTokenExpiresAt() != null)
				? pair.refreshTokenExpiresAt().toEpochMilli() - this.clockSkew.toMillis() : Long.MIN_VALUE;
		return new TokenState(stored, refreshAt, expiredAt, refreshUsableUntil);
	}

	/**
	 * Return whether a pair is younger than {@link #rejectedTokenMinAge()} at
	 * {@code nowMillis}.
	 */
	boolean isYoung(TokenState state, long nowMillis) {
		return nowMillis - state.pair().obtainedAt().toEpochMilli() < this.rejectedTokenMinAge.toMillis();
	}

}
