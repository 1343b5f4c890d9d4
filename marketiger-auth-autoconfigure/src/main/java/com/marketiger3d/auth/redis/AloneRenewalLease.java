package com.marketiger3d.auth.redis;

import com.marketiger3d.auth.token.RenewalLease;
import reactor.core.publisher.Mono;

/**
 * Renewing without the cluster: Redis has been unreachable for longer than the lease
 * time, so any lease held before the outage has lapsed and this instance renews on its
 * own rather than not at all.
 */
final class AloneRenewalLease implements RenewalLease {

	static final AloneRenewalLease INSTANCE = new AloneRenewalLease();

	private AloneRenewalLease() {
	}

	@Override
	public <T> Mono<T> guard(Mono<T> call) {
		return call;
	}

	@Override
	public Mono<Void> release() {
		return Mono.empty();
	}

	/** Renewing without the others: there is no shared store to read. */
	@Override
	public boolean isShared() {
		return false;
	}

}
