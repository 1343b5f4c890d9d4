package com.marketiger3d.auth.token;

import reactor.core.publisher.Mono;

/**
 * Grants every lease at once: single flight in one process is the service's own job.
 */
final class InProcessRefreshCoordinator implements RefreshCoordinator, RenewalLease {

	static final InProcessRefreshCoordinator INSTANCE = new InProcessRefreshCoordinator();

	private final Mono<RenewalLease> lease = Mono.just(this);

	private InProcessRefreshCoordinator() {
	}

	@Override
	public Mono<RenewalLease> acquire(String sessionKey, long knownVersion) {
		return this.lease;
	}

	@Override
	public <T> Mono<T> guard(Mono<T> call) {
		return call;
	}

	@Override
	public Mono<Void> release() {
		return Mono.empty();
	}

	/** One process, one renewal at a time: nobody else renews. */
	@Override
	public boolean isShared() {
		return false;
	}

	@Override
	public String toString() {
		return "RefreshCoordinator[in-process]";
	}

}
