package com.marketiger3d.simulator;

import java.time.Duration;

import com.marketiger3d.simulator.SimulatorClient.Answer;
import com.marketiger3d.simulator.SimulatorClient.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AdminHandler}: the admin endpoints over HTTP.
 */
class AdminHandlerTests {

	private MarketigerSimulator simulator;

	private SimulatorClient client;

	@BeforeEach
	void start() {
		this.simulator = MarketigerSimulator.start();
		this.client = new SimulatorClient(this.simulator);
	}

	@AfterEach
	void stop() {
		this.simulator.close();
	}

	@Test
	void countersAnswersEveryCounter() {
		Tokens tokens = this.client.login();
		this.client.login("demo@marketiger3d.test", "wrong");
		this.client.getProjects(tokens.accessToken());
		Answer answer = this.client.adminGet("/counters");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json()).isEqualTo(SimulatorClient.parse("""
				{"logins":1,"failedLogins":1,"refreshes":0,
				 "rejectedRefreshes":{"unknown":0,"expired":0,"reused":0,"revoked":0,"accessTokenMismatch":0},
				 "revokedSessions":0,"apiCalls":{"ok":1,"unauthorized":0},"badRequests":0,"injectedFaults":0}
				"""));
	}

	@Test
	void resetCountersSetsThemToZero() {
		this.client.login();
		Answer answer = this.client.adminPost("/counters/reset", "");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().path("logins").longValue()).isZero();
		assertThat(this.simulator.counters().logins()).isZero();
	}

	@Test
	void faultsAnswersTheCurrentFaults() {
		this.simulator.faults().failNext(1, FaultKind.TRUNCATED_JSON).seed(3);
		Answer answer = this.client.adminGet("/faults");
		assertThat(answer.json()).isEqualTo(SimulatorClient.parse("""
				{"errorRate":0.0,"errorKinds":["SERVICE_UNAVAILABLE","TOO_MANY_REQUESTS","TRUNCATED_JSON"],
				 "latency":"PT0S","clockOffset":"PT0S","seed":3,"scheduled":["TRUNCATED_JSON"]}
				"""));
	}

	@Test
	void postFaultsChangesOnlyTheFieldsGiven() {
		this.simulator.faults().latency(Duration.ofMillis(1));
		Answer answer = this.client.adminPost("/faults", """
				{"errorRate":0.25,"errorKinds":["TOO_MANY_REQUESTS"],"clockOffset":"-30s","seed":9,
				 "failNext":{"count":2,"kind":"SERVICE_UNAVAILABLE"}}
				""");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().path("scheduled").size()).isEqualTo(2);
		Faults faults = this.simulator.faults();
		assertThat(faults.errorRate()).isEqualTo(0.25);
		assertThat(faults.errorKinds()).containsExactly(FaultKind.TOO_MANY_REQUESTS);
		assertThat(faults.clockOffset()).isEqualTo(Duration.ofSeconds(-30));
		assertThat(faults.seed()).isEqualTo(9);
		assertThat(faults.latency()).isEqualTo(Duration.ofMillis(1));
		assertThat(faults.scheduled()).containsExactly(FaultKind.SERVICE_UNAVAILABLE, FaultKind.SERVICE_UNAVAILABLE);
	}

	@Test
	void postFaultsAcceptsIsoDurations() {
		this.client.adminPost("/faults", "{\"latency\":\"PT0.5S\",\"clockOffset\":\"PT2H\"}");
		assertThat(this.simulator.faults().latency()).isEqualTo(Duration.ofMillis(500));
		assertThat(this.simulator.faults().clockOffset()).isEqualTo(Duration.ofHours(2));
	}

	@Test
	void postFaultsScheduledFailuresHitTheNextAuthCall() {
		this.client.adminPost("/faults", "{\"failNext\":{\"count\":1,\"kind\":\"TOO_MANY_REQUESTS\"}}");
		assertThat(this.client.login("demo@marketiger3d.test", "demo-password").status()).isEqualTo(429);
	}

	@Test
	void postFaultsWithAnInvalidValueAnswers400AndChangesNothing() {
		for (String body : new String[] { "{\"errorRate\":0.5,\"latency\":\"soon\"}", "{\"errorRate\":2}",
				"{\"errorKinds\":[]}", "{\"errorKinds\":[\"EXPLODE\"]}", "{\"latency\":\"-1s\"}",
				"{\"failNext\":{\"count\":-1,\"kind\":\"TRUNCATED_JSON\"}}", "{\"errorRate\":0.5,\"typo\":1}", "[]",
				"" }) {
			Answer answer = this.client.adminPost("/faults", body);
			assertThat(answer.status()).as(body).isEqualTo(400);
			assertThat(answer.json().path("error").asString()).as(body).isNotBlank();
		}
		assertThat(this.simulator.faults().errorRate()).isZero();
		assertThat(this.simulator.faults().scheduled()).isEmpty();
	}

	@Test
	void resetFaultsStopsInjectingThem() {
		this.simulator.faults().errorRate(1).failNext(1, FaultKind.SERVICE_UNAVAILABLE);
		JsonNode faults = this.client.adminPost("/faults/reset", "").json();
		assertThat(faults.path("errorRate").doubleValue()).isZero();
		assertThat(faults.path("scheduled").size()).isZero();
		assertThat(this.client.login("demo@marketiger3d.test", "demo-password").status()).isEqualTo(200);
	}

	@Test
	void revokeAccessTokensAnswersHowManyWereRevoked() {
		Tokens first = this.client.login();
		Tokens second = this.client.login();
		Answer answer = this.client.adminPost("/revoke-access-tokens", "");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().path("revoked").intValue()).isEqualTo(2);
		assertThat(this.client.getProjects(first.accessToken()).status()).isEqualTo(401);
		assertThat(this.client.getProjects(second.accessToken()).status()).isEqualTo(401);
		assertThat(this.client.refresh(second).status()).isEqualTo(200);
	}

}
