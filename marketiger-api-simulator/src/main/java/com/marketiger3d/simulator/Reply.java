package com.marketiger3d.simulator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * An answer as plain values, so that a fault can still change it before it is sent.
 *
 * @param status the HTTP status
 * @param contentType the body's media type
 * @param body the body
 * @param headers further headers
 */
record Reply(HttpStatus status, MediaType contentType, String body, Map<String, String> headers) {

	Reply(HttpStatus status, MediaType contentType, String body) {
		this(status, contentType, body, Map.of());
	}

	Reply withHeader(String name, String value) {
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		headers.put(name, value);
		return new Reply(this.status, this.contentType, this.body, headers);
	}

	/**
	 * Cut the body in half. Any proper prefix of a JSON document is invalid JSON, and the
	 * {@code Content-Length} matches the cut body, so the client reads it whole and fails
	 * to parse it.
	 * @return the truncated reply
	 */
	Reply truncated() {
		return new Reply(this.status, this.contentType, this.body.substring(0, this.body.length() / 2), this.headers);
	}

	/**
	 * Written as bytes: Spring's string encoder logs what it writes at DEBUG, and answers
	 * of Login and RefreshToken hold tokens.
	 */
	Mono<ServerResponse> toServerResponse() {
		return ServerResponse.status(this.status)
			.contentType(this.contentType)
			.headers((headers) -> this.headers.forEach(headers::set))
			.bodyValue(this.body.getBytes(StandardCharsets.UTF_8));
	}

}
