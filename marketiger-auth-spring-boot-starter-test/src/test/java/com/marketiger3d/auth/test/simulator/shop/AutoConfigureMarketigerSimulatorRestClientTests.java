package com.marketiger3d.auth.test.simulator.shop;

import java.util.List;
import java.util.Map;

import com.marketiger3d.auth.test.simulator.AutoConfigureMarketigerSimulator;
import com.marketiger3d.simulator.FaultKind;
import com.marketiger3d.simulator.MarketigerSimulator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.restclient.test.autoconfigure.AutoConfigureMockRestServiceServer;
import org.springframework.boot.restclient.test.autoconfigure.RestClientTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AutoConfigureMarketigerSimulator} in a {@code @RestClientTest}: the
 * slice gets {@code marketigerRestClient}, pointed at the simulator once the mock server
 * is switched off.
 */
@RestClientTest(Projects.class)
@AutoConfigureMockRestServiceServer(enabled = false)
@AutoConfigureMarketigerSimulator(accounts = "buyer@example.test:buyer-password")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoConfigureMarketigerSimulatorRestClientTests {

	@Autowired
	private Projects projects;

	@Autowired
	private MarketigerSimulator simulator;

	@Test
	@Order(1)
	void clientsCallsGoThroughTheSimulatorWithOneLogin() {
		assertThat(this.projects.all()).extractingByKey("data")
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.map(String.class, List.class))
			.extractingByKey("projects")
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.hasSize(3);
		this.projects.all();
		assertThat(this.simulator.counters().logins()).isOne();
		assertThat(this.simulator.counters().apiCallsOk()).isEqualTo(2);
	}

	@Test
	@Order(2)
	void refreshFaultSetFromTheTestIsSeenByTheClient() {
		this.simulator.revokeAccessTokens();
		// The refresh after the 401 is refused twice with 503, then answered
		this.simulator.faults().failNextRefreshes(2, FaultKind.SERVICE_UNAVAILABLE);
		Map<String, Object> answer = this.projects.all();
		assertThat(answer).containsEntry("success", true);
		assertThat(this.simulator.counters().injectedFaults()).isEqualTo(2);
		assertThat(this.simulator.counters().refreshes()).isOne();
	}

}
