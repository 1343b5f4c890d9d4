package com.marketiger3d.auth.benchmarks;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * The floor: a filter that puts a bearer token built once on a request the usual way,
 * with {@code ClientRequest.from(request).headers(...).build()}, as Spring's own filters
 * do. It copies the request; {@link ConstantBearerView} does not.
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
