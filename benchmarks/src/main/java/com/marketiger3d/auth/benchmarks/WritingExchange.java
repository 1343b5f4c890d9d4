package com.marketiger3d.auth.benchmarks;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.ExchangeStrategies;

/**
 * A {@link ReadyExchange} that also writes the request, as a real exchange does before it
 * sends it: {@code request.writeTo(...)} into a new, empty {@link ClientHttpRequest} that
 * sends nothing. A filter that puts its header on the request only when the request is
 * written pays for it here, so this exchange shows whether any cost was only moved.
 */
final class WritingExchange implements ExchangeFunction {

	private final ExchangeStrategies strategies = ExchangeStrategies.withDefaults();

	private final Mono<ClientResponse> ok = Mono.just(ClientResponse.create(HttpStatus.OK).build()).hide();

	@Nullable ClientHttpRequest last;

	@Override
	public Mono<ClientResponse> exchange(ClientRequest request) {
		ClientHttpRequest written = new WrittenRequest(request.method(), request.url());
		return request.writeTo(written, this.strategies).then(Mono.defer(() -> {
			this.last = written;
			return this.ok;
		}));
	}

	@Nullable String lastAuthorization() {
		ClientHttpRequest request = this.last;
		return (request != null) ? request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION) : null;
	}

	/** A request that takes headers, cookies and attributes, and completes at once. */
	private static final class WrittenRequest implements ClientHttpRequest {

		private final HttpMethod method;

		private final URI uri;

		private final HttpHeaders headers = new HttpHeaders();

		private final MultiValueMap<String, HttpCookie> cookies = new LinkedMultiValueMap<>();

		private final Map<String, Object> attributes = new HashMap<>();

		WrittenRequest(HttpMethod method, URI uri) {
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
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public MultiValueMap<String, HttpCookie> getCookies() {
			return this.cookies;
		}

		@Override
		public Map<String, Object> getAttributes() {
			return this.attributes;
		}

		@Override
		public <T> T getNativeRequest() {
			throw new UnsupportedOperationException("no native request");
		}

		@Override
		public DataBufferFactory bufferFactory() {
			return DefaultDataBufferFactory.sharedInstance;
		}

		@Override
		public void beforeCommit(Supplier<? extends Mono<Void>> action) {
		}

		@Override
		public boolean isCommitted() {
			return false;
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			return Mono.empty();
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			return Mono.empty();
		}

		@Override
		public Mono<Void> setComplete() {
			return Mono.empty();
		}

	}

}
