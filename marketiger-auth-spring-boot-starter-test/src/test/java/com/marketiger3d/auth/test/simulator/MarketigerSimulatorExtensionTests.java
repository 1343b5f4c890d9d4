package com.marketiger3d.auth.test.simulator;

import java.net.URI;
import java.time.Duration;

import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.simulator.MarketigerSimulator;
import com.marketiger3d.simulator.SimulatorSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MarketigerSimulatorExtension}: one simulator for the class, injected,
 * reset after each test, closed after the class.
 */
class MarketigerSimulatorExtensionTests {

	@RegisterExtension
	static final MarketigerSimulatorExtension extension = new MarketigerSimulatorExtension(
			SimulatorSettings.builder().accessTokenLifetime(Duration.ofMinutes(3)).build());

	private static MarketigerSimulator seen;

	@Test
	void testsGetTheClassesSimulatorWithCountersResetByTheTestBefore(MarketigerSimulator simulator) {
		loginOnceAndCheck(simulator);
	}

	@Test
	void everyTestOfTheClassGetsTheSameSimulator(MarketigerSimulator simulator) {
		loginOnceAndCheck(simulator);
	}

	@AfterAll
	static void simulatorStillRunsUntilTheClassIsDone() {
		assertThat(seen).isNotNull();
		assertThat(login(seen)).isNotNull();
	}

	private static void loginOnceAndCheck(MarketigerSimulator simulator) {
		if (seen != null) {
			assertThat(simulator).isSameAs(seen);
		}
		seen = simulator;
		assertThat(simulator.counters().logins()).as("reset after the test before").isZero();
		assertThat(login(simulator)).isNotNull();
		assertThat(simulator.counters().logins()).isOne();
	}

	private static Object login(MarketigerSimulator simulator) {
		MarketigerAuthClient client = MarketigerAuthClient.builder(URI.create(simulator.baseUrl())).build();
		return client
			.login(new Credentials(SimulatorSettings.DEMO_ACCOUNT.email(), SimulatorSettings.DEMO_ACCOUNT.password()))
			.block(Duration.ofMinutes(1));
	}

}
