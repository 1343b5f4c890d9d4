package com.marketiger3d.auth.token;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

/**
 * A {@link TokenStore} in this process's memory, honouring the same compare-and-set
 * contract as a shared store, and the same versions ({@link TokenVersions}). Tokens are
 * lost when the process ends: a restarted process cannot know which of the configured
 * tokens it has already rotated, so this store does not suit several replicas.
 * <p>
 * This class is thread-safe.
 *
 * @since 0.1.0
 */
public class InMemoryTokenStore implements TokenStore {

	private final Map<String, StoredTokenPair> pairs = new ConcurrentHashMap<>();

	@Override
	public Mono<StoredTokenPair> load(String sessionKey) {
		return Mono.fromSupplier(() -> this.pairs.get(sessionKey));
	}

	@Override
	public Mono<StoredTokenPair> replace(String sessionKey, long expectedVersion, TokenPair pair) {
		return Mono.fromSupplier(() -> {
			StoredTokenPair[] written = new StoredTokenPair[1];
			this.pairs.compute(sessionKey, (key, existing) -> {
				long version = (existing != null) ? existing.version() : 0;
				if (version != expectedVersion) {
					return existing;
				}
				written[0] = new StoredTokenPair(pair, TokenVersions.next(version));
				return written[0];
			});
			return written[0];
		});
	}

	@Override
	public Mono<Void> delete(String sessionKey) {
		return Mono.fromRunnable(() -> this.pairs.remove(sessionKey));
	}

	@Override
	public String toString() {
		return "InMemoryTokenStore[sessions=" + this.pairs.size() + "]";
	}

}
