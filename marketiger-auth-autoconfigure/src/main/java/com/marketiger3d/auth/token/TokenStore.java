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
	 * Return whether a stored version replaces one an instance knows. By default versions
	 * follow {@link TokenVersions}: another lineage, or a later version of the same one.
	 * @param version the stored version
	 * @param known the version the instance knows, or {@code 0}
	 * @return whether {@code version} is newer
	 */
	default boolean isNewer(long version, long known) {
		return TokenVersions.isNewer(version, known);
	}

	/**
	 * Return whether a stored version is an earlier one of the lineage an instance knows,
	 * which a store whose versions never go back never holds: someone put an old pair
	 * back. A store that may hold a late, older write (one that derives versions from its
	 * pairs) answers {@code false}.
	 * @param version the stored version
	 * @param known the version the instance knows, or {@code 0}
	 * @return whether {@code version} rolls the lineage back
	 */
	default boolean isRollback(long version, long known) {
		return TokenVersions.isRollback(version, known);
	}

	/**
	 * Write the configured tokens as a session's first pair, only if the store has never
	 * held them: a store that lost a pair it held must not take the configured tokens
	 * again, since another instance may have rotated them. A store that cannot tell (this
	 * default) writes them when it holds no pair.
	 * @param sessionKey the lineage's key
	 * @param pair the configured tokens
	 * @return the stored pair with its version (a new lineage), or empty when the store
	 * holds a pair or took these tokens before
	 */
	default Mono<StoredTokenPair> seed(String sessionKey, TokenPair pair) {
		return replace(sessionKey, 0, pair);
	}

	/**
	 * Write back an instance's copy of a pair the store lost, under its own version, only
	 * where the store can show that this copy is the last pair it held for the session
	 * (so that its refresh token was not spent by another instance). A store that cannot
	 * show it (this default) refuses.
	 * @param sessionKey the lineage's key
	 * @param copy the instance's copy
	 * @return the restored pair, or empty when the store holds a pair or cannot show that
	 * the copy is its last
	 */
	default Mono<StoredTokenPair> restore(String sessionKey, StoredTokenPair copy) {
		return Mono.empty();
	}

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
