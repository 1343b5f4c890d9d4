package com.marketiger3d.demo.servlet;

import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * Passes two MarkeTiger3D calls through, answering the {@code data} of the API's
 * envelope: the projects through an HTTP service interface, the order through
 * {@code marketigerRestClient}. No token handling in sight: the starter adds the token to
 * both, and refreshes and replays on a 401.
 */
@RestController
class MarketigerController {

	private final RestClient marketiger;

	private final MarketigerProjects projects;

	MarketigerController(@Qualifier("marketigerRestClient") RestClient marketiger, MarketigerProjects projects) {
		this.marketiger = marketiger;
		this.projects = projects;
	}

	@GetMapping("/projects")
	JsonNode projects() {
		return data(this.projects.projects());
	}

	@PostMapping("/orders")
	JsonNode createOrder(@RequestBody JsonNode order) {
		return data(this.marketiger.post()
			.uri("/Order/CreateOrder")
			.contentType(MediaType.APPLICATION_JSON)
			.body(order)
			.retrieve()
			.body(JsonNode.class));
	}

	private static JsonNode data(JsonNode envelope) {
		return envelope.path("data");
	}

}
