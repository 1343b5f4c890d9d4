package com.marketiger3d.auth.token;

import reactor.core.publisher.Mono;

/**
 * Where token pairs live, one per session key (one token lineage: the service account, or
 * one user). Versioned, so that a writer replaces only the pair it read: the engine never
 * assumes it is the only writer.
 *
 * @since 0.1.0
 */
public interface TokenStore {

	/**
	 * Read the current pair of a session.
	 * @param sessionKey the lineage's key
	 * @return the stored pair, or empty when there is none
	 */
	Mono<StoredTokenPair> load(String sessionKey);

	/**
	 * Replace the pair of a session if its version is still {@code expectedVersion}
	 * (compare-and-set).
	 * @param sessionKey the lineage's key
	 * @param expectedVersion the version read before, or {@code 0} when there was no pair
	 * @param pair the new pair
	 * @return the stored pair with its new version, or empty when another writer got
	 * there first
	 */
	Mono<StoredTokenPair> replace(String sessionKey, long expectedVersion, TokenPair pair);

	/**
	 * Forget the pair of a session, for example when its user disconnects. Stores that
	 * cannot forget fail with {@link UnsupportedOperationException}.
	 * @param sessionKey the lineage's key
	 * @return completion once the pair is gone (also when there was none)
	 */
	default Mono<Void> delete(String sessionKey) {
		return Mono.error(() -> new UnsupportedOperationException(getClass().getName() + " cannot delete a session"));
	}

}
