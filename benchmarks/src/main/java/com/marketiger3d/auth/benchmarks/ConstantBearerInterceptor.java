package com.marketiger3d.auth.benchmarks;

import java.io.IOException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;

/**
 * The servlet floor: the least an interceptor can do to put a bearer token on a request,
 * with the header value built once, set as
 * {@code MarketigerAuthClientHttpRequestInterceptor} sets it (on a copy of the request's
 * headers, in a wrapper of the request).
 */
final class ConstantBearerInterceptor implements ClientHttpRequestInterceptor {

	private final String authorization;

	ConstantBearerInterceptor(String accessToken) {
		this.authorization = "Bearer " + accessToken;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		return execution.execute(new AuthorizedRequest(request, this.authorization), body);
	}

	private static final class AuthorizedRequest extends HttpRequestWrapper {

		private final HttpHeaders headers;

		AuthorizedRequest(HttpRequest request, String authorization) {
			super(request);
			this.headers = HttpHeaders.copyOf(request.getHeaders());
			this.headers.set(HttpHeaders.AUTHORIZATION, authorization);
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

	}

}
