package com.marketiger3d.auth.web.reactive;

import java.net.URI;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeStrategies;

/**
 * The caller's request with an {@code Authorization} header, copying nothing.
 * <p>
 * {@code ClientRequest.from(request).headers(...).build()}, the only way Spring offers to
 * add a header, copies the request's headers, cookies and attributes: about 1 KB on every
 * request. This view hands out the caller's parts as they are, writes the header when the
 * request is written, and builds the combined headers only for whoever reads them (a
 * later filter, a log line). Every other part is the caller's, so a replay starts from
 * the caller's request again.
 */
final class AuthorizedClientRequest implements ClientRequest {

	private final ClientRequest request;

	private final String authorization;

	private volatile @Nullable HttpHeaders headers;

	private AuthorizedClientRequest(ClientRequest request, String authorization) {
		this.request = request;
		this.authorization = authorization;
	}

	/**
	 * Return the request with this header value. A request that already carries one of
	 * ours (the filter applied twice, say by a customizer) gets the new value in place of
	 * the old: as with a copy, the filter nearest to the exchange decides what is sent,
	 * so a replay after a 401 never sends the rejected token again.
	 * @param request the request
	 * @param authorization the header value
	 * @return the view
	 */
	static AuthorizedClientRequest of(ClientRequest request, String authorization) {
		ClientRequest callers = (request instanceof AuthorizedClientRequest authorized) ? authorized.request : request;
		return new AuthorizedClientRequest(callers, authorization);
	}

	@Override
	public HttpMethod method() {
		return this.request.method();
	}

	@Override
	public URI url() {
		return this.request.url();
	}

	/**
	 * Return the caller's headers with the bearer token in place of any
	 * {@code Authorization} the caller set; read-only, as a built request's are.
	 */
	@Override
	public HttpHeaders headers() {
		HttpHeaders combined = this.headers;
		if (combined == null) {
			HttpHeaders copy = HttpHeaders.copyOf(this.request.headers());
			copy.set(HttpHeaders.AUTHORIZATION, this.authorization);
			combined = HttpHeaders.readOnlyHttpHeaders(copy);
			this.headers = combined;
		}
		return combined;
	}

	@Override
	public MultiValueMap<String, String> cookies() {
		return this.request.cookies();
	}

	@Override
	public BodyInserter<?, ? super ClientHttpRequest> body() {
		return this.request.body();
	}

	@Override
	public Map<String, Object> attributes() {
		return this.request.attributes();
	}

	@Override
	public @Nullable Consumer<ClientHttpRequest> httpRequest() {
		return this.request.httpRequest();
	}

	@Override
	public String logPrefix() {
		return this.request.logPrefix();
	}

	/**
	 * Sets the header before the caller's request writes its own headers, which Spring
	 * copies with {@code putIfAbsent}: the bearer token wins over an
	 * {@code Authorization} the caller set, as it does in {@link #headers()}.
	 */
	@Override
	public Mono<Void> writeTo(ClientHttpRequest target, ExchangeStrategies strategies) {
		target.getHeaders().set(HttpHeaders.AUTHORIZATION, this.authorization);
		return this.request.writeTo(target, strategies);
	}

	@Override
	public String toString() {
		return "AuthorizedClientRequest[" + this.request.method() + " " + this.request.url() + "]";
	}

}
