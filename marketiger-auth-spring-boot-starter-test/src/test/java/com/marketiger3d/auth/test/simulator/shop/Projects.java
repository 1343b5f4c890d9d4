package com.marketiger3d.auth.test.simulator.shop;

import java.util.Map;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;

/**
 * The shop's projects, through {@code marketigerRestClient}, for the RestClient slice.
 */
@Service
class Projects {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final RestClient marketiger;

	Projects(@Qualifier("marketigerRestClient") RestClient marketiger) {
		this.marketiger = marketiger;
	}

	Map<String, Object> all() {
		return this.marketiger.get().uri("/Project/GetProjects").retrieve().body(JSON);
	}

}
