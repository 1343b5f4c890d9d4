package com.marketiger3d.simulator;

import java.time.Duration;

import com.marketiger3d.simulator.SimulatorClient.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SimulatorCounters}: what each kind of call adds up to.
 */
class SimulatorCountersTests {

	@RegisterExtension
	final RunningSimulator running = new RunningSimulator();

	@Test
	void countsLoginsAndFailedLogins() {
		this.running.client().login();
		this.running.client().login();
		this.running.client().login("demo@marketiger3d.test", "wrong");
		assertThat(counters().logins()).isEqualTo(2);
		assertThat(counters().failedLogins()).isEqualTo(1);
	}

	@Test
	void countsRefreshesAndRejectionsByReason() {
		Tokens expiring = this.running.client().login();
		Tokens tokens = this.running.client().login();
		Tokens renewed = this.running.client().refresh(tokens).tokens();
		this.running.client().refresh(renewed.accessToken(), "unknown");
		this.running.client().refresh(tokens.accessToken(), renewed.refreshToken());
		this.running.client().refresh(tokens);
		this.running.client().refresh(renewed);
		this.running.clock().advance(Duration.ofHours(13));
		this.running.client().refresh(expiring);
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
		Tokens first = this.running.client().login();
		this.running.client().refresh(first).tokens();
		this.running.client().refresh(first);
		this.running.client().refresh(first);
		assertThat(counters().rejectedRefreshes(RefreshRejection.REUSED)).isEqualTo(2);
		assertThat(counters().revokedSessions()).isEqualTo(1);
	}

	@Test
	void countsApiCallsByOutcome() {
		String accessToken = this.running.client().login().accessToken();
		this.running.client().getProjects(accessToken);
		this.running.client().get("/Model3D/GetModels", accessToken);
		this.running.client().getProjects(null);
		this.running.client().get("/Model3D/GetModels?page=0", accessToken);
		assertThat(counters().apiCallsOk()).isEqualTo(2);
		assertThat(counters().apiCallsUnauthorized()).isEqualTo(1);
		assertThat(counters().badRequests()).isEqualTo(1);
	}

	@Test
	void countsInjectedFaultsButNotTheCallsTheyStopped() {
		this.running.simulator()
			.faults()
			.failNext(1, FaultKind.SERVICE_UNAVAILABLE)
			.failNext(1, FaultKind.TRUNCATED_JSON);
		this.running.client().login("demo@marketiger3d.test", "demo-password");
		this.running.client().login("demo@marketiger3d.test", "demo-password");
		assertThat(counters().injectedFaults()).isEqualTo(2);
		assertThat(counters().logins()).isEqualTo(1);
	}

	@Test
	void resetSetsEveryCounterToZero() {
		Tokens tokens = this.running.client().login();
		this.running.client().login("demo@marketiger3d.test", "wrong");
		this.running.client().refresh(this.running.client().refresh(tokens).tokens());
		this.running.client().refresh(tokens);
		this.running.client().getProjects(null);
		counters().reset();
		assertThat(counters().toMap()).isEqualTo(new SimulatorCounters().toMap());
	}

	private SimulatorCounters counters() {
		return this.running.simulator().counters();
	}

}
