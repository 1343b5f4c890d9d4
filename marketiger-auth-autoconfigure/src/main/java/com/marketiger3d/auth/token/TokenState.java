package com.marketiger3d.auth.token;

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

	@Override
	public String toString() {
		return "TokenState[" + this.stored.pair() + ", version=" + this.stored.version() + "]";
	}

}
