package com.marketiger3d.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import com.marketiger3d.simulator.SimulatorClient.Answer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MarketigerSimulator}: starting, addressing and stopping it.
 */
class MarketigerSimulatorTests {

	@Test
	void startListensOnAFreeLoopbackPortUnderV2() {
		try (MarketigerSimulator simulator = MarketigerSimulator.start()) {
			assertThat(simulator.port()).isPositive();
			assertThat(simulator.baseUrl()).isEqualTo("http://127.0.0.1:" + simulator.port() + "/v2");
			assertThat(simulator.adminUrl()).isEqualTo("http://127.0.0.1:" + simulator.port() + "/admin");
			assertThat(new SimulatorClient(simulator).login().accessToken()).isNotBlank();
		}
	}

	@Test
	void simulatorsRunSideBySideWithTheirOwnState() {
		try (MarketigerSimulator first = MarketigerSimulator.start();
				MarketigerSimulator second = MarketigerSimulator.start()) {
			assertThat(first.port()).isNotEqualTo(second.port());
			String accessToken = new SimulatorClient(first).login().accessToken();
			assertThat(new SimulatorClient(second).getProjects(accessToken).status()).isEqualTo(401);
			assertThat(first.counters().logins()).isEqualTo(1);
			assertThat(second.counters().logins()).isZero();
		}
	}

	@Test
	void closeStopsListening() {
		MarketigerSimulator simulator = MarketigerSimulator.start();
		SimulatorClient client = new SimulatorClient(simulator);
		simulator.close();
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(client::login)
			.withCauseInstanceOf(IOException.class);
	}

	@Test
	void unknownEndpointAnswers404NotFoundEnvelope() {
		try (MarketigerSimulator simulator = MarketigerSimulator.start()) {
			Answer answer = new SimulatorClient(simulator).get("/Auth/Login", null);
			assertThat(answer.status()).isEqualTo(404);
			assertThat(answer.json().path("success").booleanValue()).isFalse();
			assertThat(answer.errorType()).isEqualTo("NOT_FOUND");
		}
	}

	@Test
	void accountsAreThoseOfTheSettings() {
		Account buyer = new Account("buyer@example.test", "buyer-password");
		try (MarketigerSimulator simulator = MarketigerSimulator
			.start(SimulatorSettings.builder().accounts(buyer).build())) {
			assertThat(simulator.accounts()).containsExactly(buyer);
		}
	}

	@Test
	void resetZeroesTheCountersAndRestoresTheFaultsItStartedWithButKeepsTheSessions() {
		try (MarketigerSimulator simulator = MarketigerSimulator
			.start(SimulatorSettings.builder().latency(Duration.ofMillis(1)).build())) {
			SimulatorClient client = new SimulatorClient(simulator);
			SimulatorClient.Tokens tokens = client.login();
			simulator.faults().latency(Duration.ofMinutes(1)).failNextRefreshes(1, FaultKind.SERVICE_UNAVAILABLE);
			simulator.reset();
			assertThat(simulator.counters().logins()).isZero();
			assertThat(simulator.faults().latency()).isEqualTo(Duration.ofMillis(1));
			assertThat(client.getProjects(tokens.accessToken()).status()).isEqualTo(200);
			assertThat(client.refresh(tokens).status()).isEqualTo(200);
		}
	}

	@Test
	void toStringNamesTheBaseUrlAfterClose() {
		MarketigerSimulator simulator = MarketigerSimulator.start();
		String baseUrl = simulator.baseUrl();
		simulator.close();
		assertThat(simulator).hasToString("MarketigerSimulator[" + baseUrl + "]");
	}

}
