package com.marketiger3d.auth.token;

import reactor.core.publisher.Mono;

/**
 * Decides which process may renew a session's pair when several processes share a
 * {@link TokenStore}. {@link TokenRefreshService} already runs one renewal at a time in
 * its own process; a coordinator extends that to every process that shares the store.
 * <p>
 * The service asks for a lease after it read the store and found nothing newer to adopt,
 * reads the store again once it holds the lease, makes its auth calls through
 * {@link RenewalLease#guard}, writes the new pair, and releases the lease.
 *
 * @since 0.1.0
 */
public interface RefreshCoordinator {

	/**
	 * Obtain the right to renew a session. When another process holds it, wait until that
	 * process releases it (then compete again) or the stored version moves past
	 * {@code knownVersion} (then complete empty: the caller reads the store and adopts
	 * the new pair).
	 * @param sessionKey the lineage's key
	 * @param knownVersion the newest version of the pair the caller has seen, {@code 0}
	 * for none
	 * @return the lease, or empty when a newer pair was stored meanwhile; an error
	 * ({@link TokenStoreUnavailableException}) when the coordination service cannot be
	 * reached
	 */
	Mono<RenewalLease> acquire(String sessionKey, long knownVersion);

	/**
	 * Return the coordinator of a process that shares its store with no other: every
	 * lease is granted at once. {@link TokenRefreshService} already keeps one renewal at
	 * a time in a process.
	 * @return the in-process coordinator
	 */
	static RefreshCoordinator inProcess() {
		return InProcessRefreshCoordinator.INSTANCE;
	}

}
