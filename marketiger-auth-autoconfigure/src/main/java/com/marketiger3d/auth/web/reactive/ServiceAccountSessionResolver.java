package com.marketiger3d.auth.web.reactive;

import java.util.Objects;

import com.marketiger3d.auth.token.TokenRefreshService;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;

/**
 * Gives every request the service account's session, at once.
 */
final class ServiceAccountSessionResolver implements ReactiveSessionResolver {

	private final TokenRefreshService tokens;

	private final Mono<TokenRefreshService> session;

	ServiceAccountSessionResolver(TokenRefreshService tokens) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
		this.session = Mono.just(tokens);
	}

	@Override
	public Mono<TokenRefreshService> resolve(ClientRequest request) {
		return this.session;
	}

	@Override
	public TokenRefreshService resolveNow(ClientRequest request) {
		return this.tokens;
	}

	@Override
	public String toString() {
		return "ReactiveSessionResolver[service account]";
	}

}
