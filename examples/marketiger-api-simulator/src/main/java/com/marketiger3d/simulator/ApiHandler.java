package com.marketiger3d.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Answers the Bearer-protected endpoints: {@code GET /Project/GetProjects},
 * {@code GET /Model3D/GetModels} and {@code POST /Order/CreateOrder}. The token is
 * checked before anything else, so a 401 never depends on the request's other content.
 */
final class ApiHandler {

	private static final String BEARER = "Bearer ";

	private static final int MAX_PAGE_SIZE = 100;

	private final AccessTokens accessTokens;

	private final Sessions sessions;

	private final Catalogue catalogue;

	private final SimulatorCounters counters;

	private final Envelope envelope;

	ApiHandler(AccessTokens accessTokens, Sessions sessions, Catalogue catalogue, SimulatorCounters counters,
			Envelope envelope) {
		this.accessTokens = accessTokens;
		this.sessions = sessions;
		this.catalogue = catalogue;
		this.counters = counters;
		this.envelope = envelope;
	}

	Mono<ServerResponse> getProjects(ServerRequest request) {
		return authenticated(request,
				() -> Mono.just(this.envelope.success(Map.of("projects", this.catalogue.projects()))));
	}

	Mono<ServerResponse> getModels(ServerRequest request) {
		return authenticated(request, () -> Mono.just(models(request)));
	}

	Mono<ServerResponse> createOrder(ServerRequest request) {
		return authenticated(request, () -> request.bodyToMono(String.class).defaultIfEmpty("").map(this::order));
	}

	private Reply models(ServerRequest request) {
		Integer page = intParam(request, "page", 1);
		Integer pageSize = intParam(request, "pageSize", 8);
		if (page == null || page < 1 || pageSize == null || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
			return badRequest("page must be 1 or more and pageSize between 1 and " + MAX_PAGE_SIZE + ".");
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("models", this.catalogue.models(page, pageSize));
		data.put("page", page);
		data.put("pageSize", pageSize);
		data.put("totalCount", this.catalogue.modelCount());
		return this.envelope.success(data);
	}

	private Reply order(String body) {
		JsonNode order = this.envelope.readObject(body);
		if (order == null) {
			return badRequest("The order must be a JSON object.");
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("orderId", UUID.randomUUID());
		// Echoed, so a client replaying a request can show that its body survived
		data.put("received", order);
		return this.envelope.success(data);
	}

	private Mono<ServerResponse> authenticated(ServerRequest request, Supplier<Mono<Reply>> call) {
		String rejection = rejection(request);
		if (rejection != null) {
			this.counters.apiCallAnsweredUnauthorized();
			return this.envelope.error(HttpStatus.UNAUTHORIZED, ErrorType.AUTHENTICATION, rejection)
				.withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
				.toServerResponse();
		}
		return call.get().doOnNext((reply) -> {
			if (reply.status() == HttpStatus.OK) {
				this.counters.apiCallAnsweredOk();
			}
		}).flatMap(Reply::toServerResponse);
	}

	private @Nullable String rejection(ServerRequest request) {
		String header = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
				|| header.substring(BEARER.length()).isBlank()) {
			return "A Bearer access token is required.";
		}
		AccessToken token = this.accessTokens.read(header.substring(BEARER.length()).trim());
		if (token == null) {
			return "The access token is not valid.";
		}
		if (this.accessTokens.isExpired(token)) {
			return "The access token has expired.";
		}
		if (this.accessTokens.isRevoked(token) || !this.sessions.isActive(token.sessionId())) {
			return "The access token has been revoked.";
		}
		return null;
	}

	private Reply badRequest(String message) {
		this.counters.badRequestAnswered();
		return this.envelope.error(HttpStatus.BAD_REQUEST, ErrorType.INCORRECT_PARAMETERS, message);
	}

	private static @Nullable Integer intParam(ServerRequest request, String name, int defaultValue) {
		Optional<String> value = request.queryParam(name);
		if (value.isEmpty()) {
			return defaultValue;
		}
		try {
			return Integer.valueOf(value.get().trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
