package com.marketiger3d.demo;

import com.marketiger3d.auth.api.MarketigerAuthException;
import com.marketiger3d.auth.autoconfigure.MarketigerAuthAutoConfiguration;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClient.RequestHeadersSpec;
import org.springframework.web.reactive.function.client.WebClientException;

/**
 * Calls the MarkeTiger3D API through the starter's {@code marketigerWebClient}, which
 * carries the base URL and the token, and answers with the API's {@code data} (or its
 * {@code error}) and its status. The projects come through an HTTP service interface of
 * the {@code marketiger} group, which the starter equips the same way; an error answer of
 * the API there becomes a {@code 502} problem detail, as a failed token does.
 */
@RestController
class MarketigerApiController {

	private final WebClient marketiger;

	private final MarketigerProjects projects;

	MarketigerApiController(@Qualifier(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME) WebClient marketiger,
			MarketigerProjects projects) {
		this.marketiger = marketiger;
		this.projects = projects;
	}

	@GetMapping("/projects")
	Mono<ResponseEntity<JsonNode>> projects() {
		return this.projects.projects().map((envelope) -> ResponseEntity.ok(envelope.path("data")));
	}

	@GetMapping("/models")
	Mono<ResponseEntity<JsonNode>> models(@RequestParam(defaultValue = "1") int page,
			@RequestParam(defaultValue = "8") int pageSize) {
		return relay(this.marketiger.get()
			.uri((uri) -> uri.path("/Model3D/GetModels")
				.queryParam("page", page)
				.queryParam("pageSize", pageSize)
				.build()));
	}

	@PostMapping(path = "/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<JsonNode>> createOrder(@RequestBody JsonNode order) {
		// bodyValue, so that the starter can send the request again after a 401
		return relay(this.marketiger.post()
			.uri("/Order/CreateOrder")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(order));
	}

	/**
	 * The token could not be obtained (wrong credentials, a session that needs a new
	 * login, an auth endpoint that kept failing), the API could not be reached, or it
	 * answered without an envelope. The starter's messages never hold a token or a
	 * password.
	 */
	@ExceptionHandler({ MarketigerAuthException.class, WebClientException.class })
	ProblemDetail apiFailed(RuntimeException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, ex.getMessage());
	}

	private static Mono<ResponseEntity<JsonNode>> relay(RequestHeadersSpec<?> request) {
		return request.exchangeToMono(MarketigerApiController::unwrap);
	}

	/**
	 * Every answer of the API is an envelope: {@code {"success": true, "data": ...}} or
	 * {@code {"success": false, "error": {"type", "message"}}}.
	 */
	private static Mono<ResponseEntity<JsonNode>> unwrap(ClientResponse response) {
		if (!response.headers().contentType().filter(MediaType.APPLICATION_JSON::isCompatibleWith).isPresent()) {
			return response.createException().flatMap(Mono::error);
		}
		return response.bodyToMono(JsonNode.class).map((envelope) -> {
			JsonNode body = envelope.path("success").asBoolean() ? envelope.path("data") : envelope.path("error");
			return ResponseEntity.status(response.statusCode()).body(body);
		});
	}

}
