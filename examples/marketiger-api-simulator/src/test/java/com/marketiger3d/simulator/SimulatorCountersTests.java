package com.marketiger3d.simulator;

import java.time.Duration;
import java.time.Instant;

import com.marketiger3d.simulator.SimulatorClient.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SimulatorCounters}: what each kind of call adds up to.
 */
class SimulatorCountersTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-15T10:00:00Z"));

	private MarketigerApiSimulator simulator;

	private SimulatorClient client;

	@BeforeEach
	void start() {
		this.simulator = MarketigerApiSimulator.start(SimulatorSettings.builder().clock(this.clock).build());
		this.client = new SimulatorClient(this.simulator);
	}

	@AfterEach
	void stop() {
		this.simulator.close();
	}

	@Test
	void countsLoginsAndFailedLogins() {
		this.client.login();
		this.client.login();
		this.client.login("demo@marketiger3d.test", "wrong");
		assertThat(counters().logins()).isEqualTo(2);
		assertThat(counters().failedLogins()).isEqualTo(1);
	}

	@Test
	void countsRefreshesAndRejectionsByReason() {
		Tokens expiring = this.client.login();
		Tokens tokens = this.client.login();
		Tokens renewed = this.client.refresh(tokens).tokens();
		this.client.refresh(renewed.accessToken(), "unknown");
		this.client.refresh(tokens.accessToken(), renewed.refreshToken());
		this.client.refresh(tokens);
		this.client.refresh(renewed);
		this.clock.advance(Duration.ofHours(13));
		this.client.refresh(expiring);
		assertThat(counters().refreshes()).isEqualTo(1);
		assertThat(counters().rejectedRefreshes(RefreshRejection.UNKNOWN)).isEqualTo(1);
		assertThat(counters().rejectedRefreshes(RefreshRejection.ACCESS_TOKEN_MISMATCH)).isEqualTo(1);
		assertThat(counters().rejectedRefreshes(RefreshRejection.REUSED)).isEqualTo(1);
		assertThat(counters().rejectedRefreshes(RefreshRejection.REVOKED)).isEqualTo(1);
		assertThat(counters().rejectedRefreshes(RefreshRejection.EXPIRED)).isEqualTo(1);
		assertThat(counters().rejectedRefreshes()).isEqualTo(5);
	}

	@Test
	void countsEachRevokedSessionOnce() {
		Tokens first = this.client.login();
		this.client.refresh(first).tokens();
		this.client.refresh(first);
		this.client.refresh(first);
		assertThat(counters().rejectedRefreshes(RefreshRejection.REUSED)).isEqualTo(2);
		assertThat(counters().revokedSessions()).isEqualTo(1);
	}

	@Test
	void countsApiCallsByOutcome() {
		String accessToken = this.client.login().accessToken();
		this.client.getProjects(accessToken);
		this.client.get("/Model3D/GetModels", accessToken);
		this.client.getProjects(null);
		this.client.get("/Model3D/GetModels?page=0", accessToken);
		assertThat(counters().apiCallsOk()).isEqualTo(2);
		assertThat(counters().apiCallsUnauthorized()).isEqualTo(1);
		assertThat(counters().badRequests()).isEqualTo(1);
	}

	@Test
	void countsInjectedFaultsButNotTheCallsTheyStopped() {
		this.simulator.faults().failNext(1, FaultKind.SERVICE_UNAVAILABLE).failNext(1, FaultKind.TRUNCATED_JSON);
		this.client.login("demo@marketiger3d.test", "demo-password");
		this.client.login("demo@marketiger3d.test", "demo-password");
		assertThat(counters().injectedFaults()).isEqualTo(2);
		assertThat(counters().logins()).isEqualTo(1);
	}

	@Test
	void resetSetsEveryCounterToZero() {
		Tokens tokens = this.client.login();
		this.client.login("demo@marketiger3d.test", "wrong");
		this.client.refresh(this.client.refresh(tokens).tokens());
		this.client.refresh(tokens);
		this.client.getProjects(null);
		counters().reset();
		assertThat(counters().toMap()).isEqualTo(new SimulatorCounters().toMap());
	}

	private SimulatorCounters counters() {
		return this.simulator.counters();
	}

}
