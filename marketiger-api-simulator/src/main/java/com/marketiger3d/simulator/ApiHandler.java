package com.marketiger3d.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

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
 * Projects and models are those of the token's account.
 */
final class ApiHandler {

	private static final String BEARER = "Bearer ";

	private static final int MAX_PAGE_SIZE = 100;

	private final AccessTokens accessTokens;

	private final Sessions sessions;

	/** Each account's catalogue, by the tokens' subject: the account's e-mail. */
	private final Map<String, Catalogue> catalogues = new ConcurrentHashMap<>();

	private final SimulatorCounters counters;

	private final Envelope envelope;

	ApiHandler(AccessTokens accessTokens, Sessions sessions, SimulatorCounters counters, Envelope envelope) {
		this.accessTokens = accessTokens;
		this.sessions = sessions;
		this.counters = counters;
		this.envelope = envelope;
	}

	Mono<ServerResponse> getProjects(ServerRequest request) {
		return authenticated(request,
				(catalogue) -> Mono.just(this.envelope.success(Map.of("projects", catalogue.projects()))));
	}

	Mono<ServerResponse> getModels(ServerRequest request) {
		return authenticated(request, (catalogue) -> Mono.just(models(request, catalogue)));
	}

	Mono<ServerResponse> createOrder(ServerRequest request) {
		return authenticated(request,
				(catalogue) -> request.bodyToMono(String.class).defaultIfEmpty("").map(this::order));
	}

	private Reply models(ServerRequest request, Catalogue catalogue) {
		Integer page = intParam(request, "page", 1);
		Integer pageSize = intParam(request, "pageSize", 8);
		if (page == null || page < 1 || pageSize == null || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
			return badRequest("page must be 1 or more and pageSize between 1 and " + MAX_PAGE_SIZE + ".");
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("models", catalogue.models(page, pageSize));
		data.put("page", page);
		data.put("pageSize", pageSize);
		data.put("totalCount", catalogue.modelCount());
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

	private Mono<ServerResponse> authenticated(ServerRequest request, Function<Catalogue, Mono<Reply>> call) {
		String header = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
		AccessToken token = (header != null && isBearer(header))
				? this.accessTokens.read(header.substring(BEARER.length()).trim()) : null;
		String rejection = rejection(header, token);
		if (rejection != null) {
			this.counters.apiCallAnsweredUnauthorized();
			return this.envelope.error(HttpStatus.UNAUTHORIZED, ErrorType.AUTHENTICATION, rejection)
				.withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
				.toServerResponse();
		}
		// No rejection: the token was read
		String account = Objects.requireNonNull(token).subject();
		Catalogue catalogue = this.catalogues.computeIfAbsent(account, Catalogue::new);
		return call.apply(catalogue).doOnNext((reply) -> {
			if (reply.status() == HttpStatus.OK) {
				this.counters.apiCallAnsweredOk();
			}
		}).flatMap(Reply::toServerResponse);
	}

	private static boolean isBearer(String header) {
		return header.regionMatches(true, 0, BEARER, 0, BEARER.length())
				&& !header.substring(BEARER.length()).isBlank();
	}

	private @Nullable String rejection(@Nullable String header, @Nullable AccessToken token) {
		if (header == null || !isBearer(header)) {
			return "A Bearer access token is required.";
		}
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
