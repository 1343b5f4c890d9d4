package com.marketiger3d.auth.test.simulator.shop;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shop's own endpoint, for the WebFlux slice.
 */
@RestController
class OrderController {

	private final Orders orders;

	OrderController(Orders orders) {
		this.orders = orders;
	}

	@PostMapping("/orders")
	Mono<Map<String, Object>> order(@RequestBody Map<String, Object> order) {
		return this.orders.create(order);
	}

}
