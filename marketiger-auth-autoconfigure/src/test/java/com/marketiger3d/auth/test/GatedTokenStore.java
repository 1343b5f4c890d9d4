package com.marketiger3d.auth.test;

import com.marketiger3d.auth.token.StoredTokenPair;
import com.marketiger3d.auth.token.TokenPair;
import com.marketiger3d.auth.token.TokenStore;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A store whose writes (and, if asked, deletes) wait, once held, until the test releases
 * them: a renewal can be stopped just before it stores its pair, while it holds its
 * session's lease.
 */
public final class GatedTokenStore implements TokenStore {

	private final TokenStore delegate;

	private final Sinks.Empty<Void> gate = Sinks.empty();

	private volatile boolean holdWrites;

	private volatile boolean holdDeletes;

	private volatile boolean holding;

	public GatedTokenStore(TokenStore delegate) {
		this.delegate = delegate;
	}

	public void holdWrites() {
		this.holdWrites = true;
	}

	public void holdDeletes() {
		this.holdDeletes = true;
	}

	public boolean isHolding() {
		return this.holding;
	}

	public void release() {
		this.gate.tryEmitEmpty();
	}

	@Override
	public Mono<StoredTokenPair> load(String sessionKey) {
		return this.delegate.load(sessionKey);
	}

	@Override
	public Mono<StoredTokenPair> replace(String sessionKey, long expectedVersion, TokenPair pair) {
		if (!this.holdWrites) {
			return this.delegate.replace(sessionKey, expectedVersion, pair);
		}
		return this.gate.asMono()
			.doOnSubscribe((subscription) -> this.holding = true)
			.then(Mono.defer(() -> this.delegate.replace(sessionKey, expectedVersion, pair)));
	}

	@Override
	public Mono<Void> delete(String sessionKey) {
		if (!this.holdDeletes) {
			return this.delegate.delete(sessionKey);
		}
		return this.gate.asMono()
			.doOnSubscribe((subscription) -> this.holding = true)
			.then(Mono.defer(() -> this.delegate.delete(sessionKey)));
	}

}
