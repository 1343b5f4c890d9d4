package com.marketiger3d.auth.test.simulator.shop;

import java.util.Map;

import com.marketiger3d.auth.test.simulator.AutoConfigureMarketigerSimulator;
import com.marketiger3d.simulator.MarketigerSimulator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AutoConfigureMarketigerSimulator} in a {@code @WebFluxTest}: the slice
 * gets {@code marketigerWebClient}, pointed at the simulator.
 */
@WebFluxTest(OrderController.class)
@Import(Orders.class)
@AutoConfigureMarketigerSimulator(accessTokenLifetime = "5m")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoConfigureMarketigerSimulatorWebFluxTests {

	@Autowired
	private WebTestClient web;

	@Autowired
	private MarketigerSimulator simulator;

	@Test
	@Order(1)
	void controllersCallsGoThroughTheSimulatorWithOneLogin() {
		order().expectStatus().isOk().expectBody().jsonPath("$.data.received.modelId").isEqualTo("m-1");
		order().expectStatus().isOk();
		assertThat(this.simulator.counters().logins()).isOne();
		assertThat(this.simulator.counters().apiCallsOk()).isEqualTo(2);
	}

	@Test
	@Order(2)
	void revokedAccessTokensAreRefreshedAndTheOrderReplayed() {
		order().expectStatus().isOk();
		assertThat(this.simulator.revokeAccessTokens()).isOne();
		order().expectStatus().isOk().expectBody().jsonPath("$.data.orderId").isNotEmpty();
		assertThat(this.simulator.counters().apiCallsUnauthorized()).isOne();
		assertThat(this.simulator.counters().refreshes()).isOne();
	}

	private WebTestClient.ResponseSpec order() {
		return this.web.post().uri("/orders").bodyValue(Map.of("modelId", "m-1", "quantity", 1)).exchange();
	}

}
