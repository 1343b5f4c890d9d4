package com.marketiger3d.auth.token;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One stored pair with its instants precomputed as epoch milliseconds and its token
 * wrapped in a ready {@link Mono}: the hot path reads one field, compares one number and
 * allocates nothing.
 */
final class TokenState {

	final StoredTokenPair stored;

	final long refreshAtMillis;

	final long expiredAtMillis;

	final long refreshUsableUntilMillis;

	final Mono<String> accessToken;

	TokenState(StoredTokenPair stored, long refreshAtMillis, long expiredAtMillis, long refreshUsableUntilMillis) {
		this.stored = stored;
		this.refreshAtMillis = refreshAtMillis;
		this.expiredAtMillis = expiredAtMillis;
		this.refreshUsableUntilMillis = refreshUsableUntilMillis;
		this.accessToken = Mono.just(stored.pair().accessToken());
	}

	TokenPair pair() {
		return this.stored.pair();
	}

	long version() {
		return this.stored.version();
	}

	String accessTokenValue() {
		return this.stored.pair().accessToken();
	}

	boolean isExpired(long nowMillis) {
		return nowMillis >= this.expiredAtMillis;
	}

	boolean canRefresh(long nowMillis) {
		return this.stored.pair().refreshToken() != null && nowMillis < this.refreshUsableUntilMillis;
	}

	/**
	 * Return a snapshot of a session's state at {@code now}, for health checks and
	 * metrics.
	 */
	static TokenStatus status(String sessionKey, @Nullable TokenState state, long now) {
		if (state == null) {
			return new TokenStatus(sessionKey, TokenFreshness.ABSENT, Instant.ofEpochMilli(now), null, null, null);
		}
		TokenFreshness freshness = (now < state.refreshAtMillis) ? TokenFreshness.FRESH
				: state.isExpired(now) ? TokenFreshness.EXPIRED : TokenFreshness.STALE;
		TokenPair pair = state.pair();
		return new TokenStatus(sessionKey, freshness, Instant.ofEpochMilli(now), pair.accessTokenFingerprint(),
				pair.accessTokenExpiresAt(), pair.refreshTokenExpiresAt());
	}

	@Override
	public String toString() {
		return "TokenState[" + this.stored.pair() + ", version=" + this.stored.version() + "]";
	}

}
