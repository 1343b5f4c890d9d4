package com.marketiger3d.auth.benchmarks;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * An {@link ExchangeFunction} with no network behind it: it keeps the request it was
 * given (so the filter's work cannot be optimised away) and answers with one ready
 * {@code 200 OK}, already built.
 */
final class ReadyExchange implements ExchangeFunction {

	// hide(): a real exchange is never a ready scalar, and Mono.block() takes a shortcut
	// for scalars that would spare the constant-header filter the subscriber every real
	// call pays for.
	private final Mono<ClientResponse> ok = Mono.just(ClientResponse.create(HttpStatus.OK).build()).hide();

	@Nullable ClientRequest last;

	@Override
	public Mono<ClientResponse> exchange(ClientRequest request) {
		this.last = request;
		return this.ok;
	}

	@Nullable String lastAuthorization() {
		ClientRequest request = this.last;
		return (request != null) ? request.headers().getFirst(HttpHeaders.AUTHORIZATION) : null;
	}

}
