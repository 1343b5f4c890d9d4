package com.marketiger3d.auth.web.reactive;

import java.util.Objects;

import com.marketiger3d.auth.api.ApiOrigin;
import com.marketiger3d.auth.token.TokenRefreshService;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Adds {@code Authorization: Bearer <token>} to requests for the API's origin (same
 * scheme, host and port as the base URL), except to the Login and RefreshToken endpoints;
 * requests to any other host pass through untouched, so the token never leaks.
 * <p>
 * When the API answers 401, the response body is released, the token is renewed if the
 * rejected token is still the current one, and the request is sent once more, body
 * included (bodies set with {@code bodyValue} or a replayable publisher). A second 401
 * reaches the caller.
 * <p>
 * This class is thread-safe.
 *
 * @since 0.1.0
 */
public final class MarketigerAuthExchangeFilterFunction implements ExchangeFilterFunction {

	private final TokenRefreshService tokens;

	private final ApiOrigin origin;

	/**
	 * Create the filter.
	 * @param tokens the service that supplies the tokens
	 * @param origin the API the tokens belong to
	 */
	public MarketigerAuthExchangeFilterFunction(TokenRefreshService tokens, ApiOrigin origin) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
		this.origin = Objects.requireNonNull(origin, "origin must not be null");
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		if (!this.origin.shouldAuthorize(request.url())) {
			return next.exchange(request);
		}
		return this.tokens.accessToken()
			.flatMap((token) -> next.exchange(withBearer(request, token))
				.flatMap((response) -> (response.statusCode().value() == HttpStatus.UNAUTHORIZED.value())
						? replay(request, next, response, token) : Mono.just(response)));
	}

	private Mono<ClientResponse> replay(ClientRequest request, ExchangeFunction next, ClientResponse rejected,
			String rejectedToken) {
		return rejected.releaseBody()
			.then(this.tokens.accessTokenAfterRejection(rejectedToken))
			.flatMap((token) -> next.exchange(withBearer(request, token)));
	}

	private static ClientRequest withBearer(ClientRequest request, String token) {
		return ClientRequest.from(request)
			.headers((headers) -> headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.build();
	}

	@Override
	public String toString() {
		return "MarketigerAuthExchangeFilterFunction[" + this.origin + "]";
	}

}
