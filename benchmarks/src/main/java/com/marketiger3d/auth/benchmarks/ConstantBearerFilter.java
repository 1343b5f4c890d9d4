package com.marketiger3d.auth.benchmarks;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * The floor: the least a filter can do to put a bearer token on a request, with the
 * header value built once.
 */
final class ConstantBearerFilter implements ExchangeFilterFunction {

	private final String authorization;

	ConstantBearerFilter(String accessToken) {
		this.authorization = "Bearer " + accessToken;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return next.exchange(ClientRequest.from(request)
			.headers((headers) -> headers.set(HttpHeaders.AUTHORIZATION, this.authorization))
			.build());
	}

}
