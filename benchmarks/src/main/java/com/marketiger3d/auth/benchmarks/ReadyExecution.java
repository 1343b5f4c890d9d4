package com.marketiger3d.auth.benchmarks;

import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;

/**
 * The servlet twin of {@link ReadyExchange}: a {@link ClientHttpRequestExecution} with no
 * network behind it, which keeps the request it was given and answers with one ready
 * {@code 200 OK}.
 */
final class ReadyExecution implements ClientHttpRequestExecution {

	private final ClientHttpResponse ok = new ReadyResponse();

	@Nullable HttpRequest last;

	@Override
	public ClientHttpResponse execute(HttpRequest request, byte[] body) {
		this.last = request;
		return this.ok;
	}

	@Nullable String lastAuthorization() {
		HttpRequest request = this.last;
		return (request != null) ? request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION) : null;
	}

	/**
	 * A request as a {@code RestClient} hands it to its interceptors: method, URL,
	 * headers and attributes, nothing sent.
	 */
	static final class Request implements HttpRequest {

		private final HttpMethod method;

		private final URI uri;

		private final HttpHeaders headers = new HttpHeaders();

		private final Map<String, Object> attributes = new LinkedHashMap<>();

		Request(HttpMethod method, URI uri) {
			this.method = method;
			this.uri = uri;
		}

		@Override
		public HttpMethod getMethod() {
			return this.method;
		}

		@Override
		public URI getURI() {
			return this.uri;
		}

		@Override
		public Map<String, Object> getAttributes() {
			return this.attributes;
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

	}

	private static final class ReadyResponse implements ClientHttpResponse {

		private final HttpHeaders headers = new HttpHeaders();

		@Override
		public HttpStatusCode getStatusCode() {
			return HttpStatus.OK;
		}

		@Override
		public String getStatusText() {
			return "OK";
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public InputStream getBody() {
			return InputStream.nullInputStream();
		}

		@Override
		public void close() {
		}

	}

}
