package com.marketiger3d.auth.test.simulator.shop;

import java.util.Map;

import com.marketiger3d.auth.web.servlet.SessionKeyResolver;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The shop's Spring MVC endpoint for each user's projects, through
 * {@code marketigerRestClient} with the user's MarkeTiger session, for the Spring MVC
 * slice. It handles no exception: a user who is not connected is answered by the starter.
 */
@RestController
class UserProjectsController {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final RestClient marketiger;

	UserProjectsController(@Qualifier("marketigerRestClient") RestClient marketiger) {
		this.marketiger = marketiger;
	}

	@GetMapping("/users/{user}/projects")
	Map<String, Object> projects(@PathVariable String user) {
		return this.marketiger.get()
			.uri("/Project/GetProjects")
			.attribute(SessionKeyResolver.SESSION_KEY, user)
			.retrieve()
			.body(JSON);
	}

}
