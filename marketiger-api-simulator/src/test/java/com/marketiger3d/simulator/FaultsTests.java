package com.marketiger3d.simulator;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.marketiger3d.simulator.SimulatorClient.Answer;
import com.marketiger3d.simulator.SimulatorClient.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.core.JacksonException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Faults}: each fault as a client sees it over HTTP.
 */
class FaultsTests {

	@RegisterExtension
	final RunningSimulator running = new RunningSimulator();

	@Test
	void serviceUnavailableAnswers503WithHtmlWithoutUsingTheRefreshToken() {
		Tokens tokens = this.running.client().login();
		this.running.simulator().faults().failNext(1, FaultKind.SERVICE_UNAVAILABLE);
		Answer answer = this.running.client().refresh(tokens);
		assertThat(answer.status()).isEqualTo(503);
		assertThat(answer.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(answer.body()).contains("<html>");
		assertThat(this.running.client().refresh(tokens).status()).isEqualTo(200);
	}

	@Test
	void tooManyRequestsAnswers429WithRetryAfterWithoutUsingTheRefreshToken() {
		Tokens tokens = this.running.client().login();
		this.running.simulator().faults().failNext(1, FaultKind.TOO_MANY_REQUESTS);
		Answer answer = this.running.client().refresh(tokens);
		assertThat(answer.status()).isEqualTo(429);
		assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(this.running.client().refresh(tokens).status()).isEqualTo(200);
	}

	@Test
	void truncatedJsonAnswers200WithCutOffBody() {
		this.running.simulator().faults().failNext(1, FaultKind.TRUNCATED_JSON);
		Answer answer = this.running.client().login("demo@marketiger3d.test", "demo-password");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).startsWith("{\"success\":true,\"data\":{\"accessToken\":\"");
		assertThat(answer.headers().firstValueAsLong("Content-Length")).hasValue(answer.body().length());
		assertThatExceptionOfType(JacksonException.class).isThrownBy(answer::json);
	}

	@Test
	void truncatedRefreshAnswerStillRotatedTheRefreshToken() {
		Tokens tokens = this.running.client().login();
		this.running.simulator().faults().failNext(1, FaultKind.TRUNCATED_JSON);
		assertThat(this.running.client().refresh(tokens).status()).isEqualTo(200);
		assertThat(this.running.client().refresh(tokens).status()).isEqualTo(401);
		assertThat(this.running.simulator().counters().rejectedRefreshes(RefreshRejection.REUSED)).isEqualTo(1);
		assertThat(this.running.simulator().counters().revokedSessions()).isEqualTo(1);
	}

	@Test
	void failNextFailsExactlyThatManyAuthCallsInOrder() {
		this.running.simulator()
			.faults()
			.failNext(2, FaultKind.SERVICE_UNAVAILABLE)
			.failNext(1, FaultKind.TOO_MANY_REQUESTS);
		assertThat(this.running.simulator().faults().scheduled()).containsExactly(FaultKind.SERVICE_UNAVAILABLE,
				FaultKind.SERVICE_UNAVAILABLE, FaultKind.TOO_MANY_REQUESTS);
		assertThat(loginStatuses(4)).containsExactly(503, 503, 429, 200);
		assertThat(this.running.simulator().faults().scheduled()).isEmpty();
		assertThat(this.running.simulator().counters().injectedFaults()).isEqualTo(3);
	}

	@Test
	void failNextRefreshesFailsRefreshesOnlyAndComesBeforeFailuresOfEveryCall() {
		this.running.simulator()
			.faults()
			.failNext(1, FaultKind.TOO_MANY_REQUESTS)
			.failNextRefreshes(1, FaultKind.SERVICE_UNAVAILABLE);
		Tokens tokens = this.running.client().login("demo@marketiger3d.test", "demo-password").status() == 429
				? this.running.client().login() : null;
		assertThat(tokens).as("the login took the failure scheduled for every call").isNotNull();
		assertThat(this.running.client().refresh(tokens).status()).isEqualTo(503);
		assertThat(this.running.client().refresh(tokens).status()).isEqualTo(200);
		assertThat(this.running.simulator().counters().injectedFaults()).isEqualTo(2);
	}

	@Test
	void failNextLoginsFailsLoginsOnly() {
		Tokens tokens = this.running.client().login();
		this.running.simulator().faults().failNextLogins(1, FaultKind.SERVICE_UNAVAILABLE);
		assertThat(this.running.client().refresh(tokens).status()).isEqualTo(200);
		assertThat(loginStatuses(2)).containsExactly(503, 200);
	}

	@Test
	void droppedAfterProcessingRotatesTheRefreshTokenAndClosesTheConnectionUnanswered() {
		Tokens tokens = this.running.client().login();
		this.running.simulator().faults().failNextRefreshes(1, FaultKind.DROPPED_AFTER_PROCESSING);
		assertThatExceptionOfType(java.io.UncheckedIOException.class)
			.isThrownBy(() -> this.running.client().refresh(tokens));
		assertThat(this.running.simulator().counters().refreshes()).as("processed").isOne();
		assertThat(this.running.client().refresh(tokens).status()).isEqualTo(401);
		assertThat(this.running.simulator().counters().rejectedRefreshes(RefreshRejection.REUSED)).isOne();
	}

	@Test
	void droppedAfterProcessingIsNotAmongTheDefaultErrorKinds() {
		assertThat(this.running.simulator().faults().errorKinds()).doesNotContain(FaultKind.DROPPED_AFTER_PROCESSING)
			.isEqualTo(SimulatorSettings.DEFAULT_ERROR_KINDS);
	}

	@Test
	void faultsApplyOnlyToTheAuthEndpoints() {
		String accessToken = this.running.client().login().accessToken();
		this.running.simulator().faults().errorRate(1).errorKinds(FaultKind.SERVICE_UNAVAILABLE);
		assertThat(this.running.client().getProjects(accessToken).status()).isEqualTo(200);
		assertThat(this.running.client().login("demo@marketiger3d.test", "demo-password").status()).isEqualTo(503);
	}

	@Test
	void errorRateFailsCallsWithTheChosenKinds() {
		this.running.simulator().faults().errorRate(1).errorKinds(FaultKind.TOO_MANY_REQUESTS);
		assertThat(loginStatuses(5)).containsOnly(429);
	}

	@Test
	void seededErrorRateFailsTheSameCallsEveryRun() {
		SimulatorSettings settings = SimulatorSettings.builder().errorRate(0.5).seed(42L).build();
		List<Integer> first;
		try (MarketigerSimulator simulator = MarketigerSimulator.start(settings)) {
			first = loginStatuses(new SimulatorClient(simulator), 20);
		}
		List<Integer> second;
		try (MarketigerSimulator simulator = MarketigerSimulator.start(settings)) {
			second = loginStatuses(new SimulatorClient(simulator), 20);
		}
		assertThat(first).isEqualTo(second).contains(200).containsAnyOf(503, 429);
	}

	@Test
	void reseedingRepeatsTheSameFailures() {
		this.running.simulator().faults().errorRate(0.5).seed(7);
		List<Integer> first = loginStatuses(20);
		this.running.simulator().faults().seed(7);
		assertThat(loginStatuses(20)).isEqualTo(first);
	}

	@Test
	void latencyDelaysAuthAnswersOnly() {
		String accessToken = this.running.client().login().accessToken();
		this.running.simulator().faults().latency(Duration.ofMinutes(1));
		HttpRequest login = HttpRequest.newBuilder(URI.create(this.running.simulator().baseUrl() + "/Auth/Login"))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofMillis(200))
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"email\":\"demo@marketiger3d.test\",\"password\":\"demo-password\"}"))
			.build();
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> this.running.client().send(login))
			.withRootCauseInstanceOf(HttpTimeoutException.class);
		assertThat(this.running.client().getProjects(accessToken).status()).isEqualTo(200);
	}

	@Test
	void clockOffsetShiftsIssuedAndExpiryTimes() throws Exception {
		this.running.simulator().faults().clockOffset(Duration.ofHours(-1));
		Tokens tokens = this.running.client().login();
		Instant serverNow = this.running.clock().instant().minus(Duration.ofHours(1));
		assertThat(tokens.claims().getIssueTime().toInstant()).isEqualTo(serverNow);
		assertThat(tokens.claims().getExpirationTime().toInstant()).isEqualTo(serverNow.plusSeconds(30));
	}

	@Test
	void clockOffsetShiftsValidation() {
		Tokens tokens = this.running.client().login();
		this.running.simulator().faults().clockOffset(Duration.ofSeconds(30));
		assertThat(this.running.client().getProjects(tokens.accessToken()).status()).isEqualTo(401);
		this.running.simulator().faults().clockOffset(Duration.ofHours(12));
		assertThat(this.running.client().refresh(tokens).status()).isEqualTo(401);
		assertThat(this.running.simulator().counters().rejectedRefreshes(RefreshRejection.EXPIRED)).isEqualTo(1);
	}

	@Test
	void initialFaultsComeFromTheSettings() throws Exception {
		SimulatorSettings settings = SimulatorSettings.builder()
			.clock(this.running.clock())
			.errorRate(1)
			.errorKinds(Set.of(FaultKind.SERVICE_UNAVAILABLE))
			.clockOffset(Duration.ofMinutes(5))
			.build();
		try (MarketigerSimulator simulator = MarketigerSimulator.start(settings)) {
			SimulatorClient client = new SimulatorClient(simulator);
			assertThat(loginStatuses(client, 2)).containsOnly(503);
			simulator.faults().errorRate(0);
			assertThat(client.login().claims().getIssueTime().toInstant())
				.isEqualTo(this.running.clock().instant().plus(Duration.ofMinutes(5)));
		}
	}

	@Test
	void clearStopsInjectingFaults() {
		this.running.simulator()
			.faults()
			.failNext(3, FaultKind.SERVICE_UNAVAILABLE)
			.failNextLogins(1, FaultKind.SERVICE_UNAVAILABLE)
			.failNextRefreshes(1, FaultKind.SERVICE_UNAVAILABLE)
			.errorRate(1)
			.latency(Duration.ofMinutes(1))
			.clockOffset(Duration.ofHours(1));
		this.running.simulator().faults().clear();
		assertThat(this.running.simulator().faults().scheduled()).isEmpty();
		assertThat(this.running.simulator().faults().errorRate()).isZero();
		assertThat(this.running.simulator().faults().latency()).isZero();
		assertThat(this.running.simulator().faults().clockOffset()).isZero();
		assertThat(loginStatuses(3)).containsOnly(200);
	}

	@Test
	void invalidFaultsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.running.simulator().faults().errorRate(1.5))
			.withMessageContaining("errorRate");
		assertThatIllegalArgumentException().isThrownBy(() -> this.running.simulator().faults().errorKinds(List.of()))
			.withMessageContaining("errorKinds");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.running.simulator().faults().latency(Duration.ofSeconds(-1)))
			.withMessageContaining("latency");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.running.simulator().faults().failNext(-1, FaultKind.TRUNCATED_JSON))
			.withMessageContaining("count");
	}

	private List<Integer> loginStatuses(int calls) {
		return loginStatuses(this.running.client(), calls);
	}

	private static List<Integer> loginStatuses(SimulatorClient client, int calls) {
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < calls; i++) {
			statuses.add(client.login("demo@marketiger3d.test", "demo-password").status());
		}
		return statuses;
	}

}
