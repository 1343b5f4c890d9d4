package com.marketiger3d.auth.test.simulator.shop;

import java.time.Duration;
import java.util.Map;

import com.marketiger3d.auth.autoconfigure.MarketigerAuthProperties;
import com.marketiger3d.auth.autoconfigure.MarketigerConnectionDetails;
import com.marketiger3d.auth.test.simulator.AutoConfigureMarketigerSimulator;
import com.marketiger3d.simulator.FaultKind;
import com.marketiger3d.simulator.MarketigerSimulator;
import com.marketiger3d.simulator.MutableClock;
import com.marketiger3d.simulator.SimulatorSettings;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AutoConfigureMarketigerSimulator} in a {@code @SpringBootTest}: the
 * shop's calls go through the simulator, and faults set by the test reach the shop.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@AutoConfigureMarketigerSimulator
@Import(ShopClock.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoConfigureMarketigerSimulatorSpringBootTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(1);

	@Autowired
	private MarketigerSimulator simulator;

	@Autowired
	private Orders orders;

	@Autowired
	private MutableClock clock;

	@Autowired
	private MarketigerAuthProperties auth;

	@Autowired
	private MarketigerConnectionDetails connectionDetails;

	@Value("${marketiger.auth.base-url}")
	private String baseUrl;

	@Test
	@Order(1)
	void shopsCallsGoThroughTheSimulatorWithOneLogin() {
		Map<String, Object> first = this.orders.create(Map.of("modelId", "m-1", "quantity", 1)).block(TIMEOUT);
		Map<String, Object> second = this.orders.create(Map.of("modelId", "m-2", "quantity", 2)).block(TIMEOUT);
		assertThat(first).extractingByKey("data")
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsKey("orderId");
		assertThat(second).isNotNull();
		assertThat(this.simulator.counters().logins()).isOne();
		assertThat(this.simulator.counters().apiCallsOk()).isEqualTo(2);
		assertThat(this.baseUrl).isEqualTo(this.simulator.baseUrl());
		assertThat(this.auth.getBaseUrl()).isEqualTo(this.simulator.baseUrl());
		assertThat(this.auth.getEmail()).isEqualTo(SimulatorSettings.DEMO_ACCOUNT.email());
		assertThat(this.connectionDetails.getBaseUrl()).hasToString(this.simulator.baseUrl());
	}

	@Test
	@Order(2)
	void orderStillGoesThroughWhenRefreshTokenAnswers503() {
		this.orders.create(Map.of("modelId", "m-1", "quantity", 1)).block(TIMEOUT);
		this.simulator.faults().failNextRefreshes(1, FaultKind.SERVICE_UNAVAILABLE);
		// Past the token's expiry on the clock both the shop and the simulator read
		this.clock.advance(Duration.ofMinutes(1));
		Map<String, Object> order = this.orders.create(Map.of("modelId", "m-3", "quantity", 3)).block(TIMEOUT);
		assertThat(order).containsEntry("success", true);
		assertThat(this.simulator.counters().injectedFaults()).isOne();
		assertThat(this.simulator.counters().refreshes()).isOne();
		assertThat(this.simulator.counters().apiCallsUnauthorized()).isZero();
	}

	@Test
	@Order(3)
	void countersAndFaultsOfEarlierTestsAreReset() {
		assertThat(this.simulator.counters().logins()).isZero();
		assertThat(this.simulator.counters().injectedFaults()).isZero();
		assertThat(this.simulator.faults().scheduled()).isEmpty();
	}

}
