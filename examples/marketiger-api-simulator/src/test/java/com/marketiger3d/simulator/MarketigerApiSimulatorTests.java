package com.marketiger3d.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.marketiger3d.simulator.SimulatorClient.Answer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MarketigerApiSimulator}: starting, addressing and stopping it.
 */
class MarketigerApiSimulatorTests {

	@Test
	void startListensOnAFreeLoopbackPortUnderV2() {
		try (MarketigerApiSimulator simulator = MarketigerApiSimulator.start()) {
			assertThat(simulator.port()).isPositive();
			assertThat(simulator.baseUrl()).isEqualTo("http://127.0.0.1:" + simulator.port() + "/v2");
			assertThat(simulator.adminUrl()).isEqualTo("http://127.0.0.1:" + simulator.port() + "/admin");
			assertThat(new SimulatorClient(simulator).login().accessToken()).isNotBlank();
		}
	}

	@Test
	void simulatorsRunSideBySideWithTheirOwnState() {
		try (MarketigerApiSimulator first = MarketigerApiSimulator.start();
				MarketigerApiSimulator second = MarketigerApiSimulator.start()) {
			assertThat(first.port()).isNotEqualTo(second.port());
			String accessToken = new SimulatorClient(first).login().accessToken();
			assertThat(new SimulatorClient(second).getProjects(accessToken).status()).isEqualTo(401);
			assertThat(first.counters().logins()).isEqualTo(1);
			assertThat(second.counters().logins()).isZero();
		}
	}

	@Test
	void closeStopsListening() {
		MarketigerApiSimulator simulator = MarketigerApiSimulator.start();
		SimulatorClient client = new SimulatorClient(simulator);
		simulator.close();
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(client::login)
			.withCauseInstanceOf(IOException.class);
	}

	@Test
	void unknownEndpointAnswers404NotFoundEnvelope() {
		try (MarketigerApiSimulator simulator = MarketigerApiSimulator.start()) {
			Answer answer = new SimulatorClient(simulator).get("/Auth/Login", null);
			assertThat(answer.status()).isEqualTo(404);
			assertThat(answer.json().path("success").booleanValue()).isFalse();
			assertThat(answer.errorType()).isEqualTo("NOT_FOUND");
		}
	}

}
