package com.marketiger3d.auth.test.simulator.shop;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The shop's orders, through {@code marketigerWebClient}.
 */
@Service
class Orders {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final WebClient marketiger;

	Orders(@Qualifier("marketigerWebClient") WebClient marketiger) {
		this.marketiger = marketiger;
	}

	Mono<Map<String, Object>> create(Map<String, Object> order) {
		return this.marketiger.post().uri("/Order/CreateOrder").bodyValue(order).retrieve().bodyToMono(JSON);
	}

}
