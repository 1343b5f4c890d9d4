package com.marketiger3d.demo;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.marketiger3d.auth.autoconfigure.MarketigerAuthProperties;
import com.marketiger3d.auth.test.simulator.AutoConfigureMarketigerSimulator;
import com.marketiger3d.auth.token.TokenPair;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.simulator.Account;
import com.marketiger3d.simulator.MarketigerSimulator;
import com.marketiger3d.simulator.MutableClock;
import com.marketiger3d.simulator.SimulatorCounters;
import com.marketiger3d.simulator.SimulatorSettings;
import com.nimbusds.jwt.JWTParser;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the demo application, end to end: its endpoints, through the starter, against
 * the embedded simulator or another API.
 */
class WebfluxDemoApplicationTests {

	/** Generous for a loaded build machine: a deadline, not a pace. */
	static final String TIMEOUT = "PT1M";

	@Nested
	@AutoConfigureMarketigerSimulator(accessTokenLifetime = "10s")
	class TenSecondTokens extends TokenLifetimeScenario {

	}

	@Nested
	@AutoConfigureMarketigerSimulator(accessTokenLifetime = "30s")
	class ThirtySecondTokens extends TokenLifetimeScenario {

	}

	@Nested
	@AutoConfigureMarketigerSimulator(accessTokenLifetime = "5m")
	class FiveMinuteTokens extends TokenLifetimeScenario {

	}

	/**
	 * One demo per access-token lifetime, with the test starter's simulator. A clock
	 * shared by the starter and the simulator stands still during each burst of
	 * concurrent calls and is moved between bursts: to just before a token's refresh
	 * point, onto it, and past a token's expiry. No sleeps: after the clock moves, the
	 * test waits for the one renewal to end.
	 */
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
	@AutoConfigureWebTestClient(timeout = WebfluxDemoApplicationTests.TIMEOUT)
	@Import(DemoClock.class)
	@ExtendWith(OutputCaptureExtension.class)
	abstract static class TokenLifetimeScenario {

		/**
		 * Calls per burst, half of them {@code GET /projects}, half {@code POST /orders}.
		 */
		private static final int CALLS = 48;

		/** Refreshes made ahead of expiry, before the token is left to expire. */
		private static final int REFRESHES_AHEAD = 3;

		@Autowired
		private WebTestClient web;

		@Autowired
		private MutableClock clock;

		@Autowired
		private MarketigerSimulator simulator;

		@Autowired
		private TokenRefreshService tokens;

		@Autowired
		private MarketigerAuthProperties auth;

		@Value("${marketiger.test.simulator.access-token-lifetime}")
		private Duration lifetime;

		private int calls;

		@Test
		void everyCallSucceedsWithOneLoginAndOneRefreshPerToken(CapturedOutput output) throws ParseException {
			Duration untilRefresh = untilRefresh();
			// The first calls share one login
			callConcurrently();
			assertThat(counters().logins()).isOne();
			for (int refreshes = 1; refreshes <= REFRESHES_AHEAD; refreshes++) {
				// Fresh until the refresh point: no refresh
				this.clock.advance(untilRefresh.minusSeconds(1));
				callConcurrently();
				assertThat(this.tokens.isRenewing()).isFalse();
				assertThat(counters().refreshes()).isEqualTo(refreshes - 1);
				// Stale from there: the token is still used, one refresh runs behind
				this.clock.advance(Duration.ofSeconds(1));
				callConcurrently();
				awaitRefreshes(refreshes);
				// The new token is fresh
				callConcurrently();
				assertThat(counters().refreshes()).isEqualTo(refreshes);
			}
			// Idle until the token expired: the next calls wait for one shared refresh
			this.clock.advance(this.lifetime);
			callConcurrently();
			awaitRefreshes(REFRESHES_AHEAD + 1);
			SimulatorCounters counters = counters();
			assertThat(counters.logins()).isOne();
			assertThat(counters.failedLogins()).isZero();
			assertThat(counters.refreshes()).isEqualTo(REFRESHES_AHEAD + 1);
			assertThat(counters.rejectedRefreshes()).isZero();
			assertThat(counters.revokedSessions()).isZero();
			assertThat(counters.apiCallsUnauthorized()).isZero();
			assertThat(counters.apiCallsOk()).isEqualTo(this.calls);
			TokenPair current = this.tokens.currentTokens().orElseThrow();
			assertThat(issuedAt(current.accessToken())).as("the simulator reads the shared clock")
				.isEqualTo(this.clock.instant());
			assertThat(output).contains("demo: logged in (fingerprint ")
				.contains("demo: token refreshed (fingerprint " + current.accessTokenFingerprint() + ", valid until "
						+ current.accessTokenExpiresAt())
				.doesNotContain(current.accessToken())
				.doesNotContain(current.refreshToken())
				.doesNotContain(SimulatorSettings.DEMO_ACCOUNT.password());
		}

		/**
		 * How long after it was obtained a token is refreshed: the starter refreshes
		 * {@code min(refresh-ahead, lifetime / 2)} before expiry.
		 */
		private Duration untilRefresh() {
			Duration refreshAhead = this.auth.getRefreshAhead();
			Duration halfLife = this.lifetime.dividedBy(2);
			return this.lifetime.minus((refreshAhead.compareTo(halfLife) < 0) ? refreshAhead : halfLife);
		}

		private void callConcurrently() {
			Flux.range(this.calls, CALLS)
				.flatMap((call) -> Mono.fromRunnable(() -> call(call)).subscribeOn(Schedulers.boundedElastic()), CALLS)
				.blockLast(Duration.ofMinutes(2));
			this.calls += CALLS;
		}

		private void call(int call) {
			if (call % 2 == 0) {
				this.web.get()
					.uri("/projects")
					.exchange()
					.expectStatus()
					.isOk()
					.expectBody()
					.jsonPath("$.projects[0].projectId")
					.isNotEmpty();
			}
			else {
				Map<String, Object> order = Map.of("modelId", "model-" + call, "quantity", call);
				this.web.post()
					.uri("/orders")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(order)
					.exchange()
					.expectStatus()
					.isOk()
					.expectBody()
					.jsonPath("$.orderId")
					.isNotEmpty()
					.jsonPath("$.received")
					.isEqualTo(order);
			}
		}

		private void awaitRefreshes(int refreshes) {
			await().atMost(Duration.parse(TIMEOUT)).untilAsserted(() -> {
				assertThat(this.tokens.isRenewing()).isFalse();
				assertThat(counters().refreshes()).isEqualTo(refreshes);
			});
		}

		private SimulatorCounters counters() {
			return this.simulator.counters();
		}

		private static Instant issuedAt(String accessToken) throws ParseException {
			return JWTParser.parse(accessToken).getJWTClaimsSet().getIssueTime().toInstant();
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
	@AutoConfigureWebTestClient(timeout = WebfluxDemoApplicationTests.TIMEOUT)
	@AutoConfigureMarketigerSimulator
	class Endpoints {

		@Autowired
		private WebTestClient web;

		@Test
		void modelsPassesThePageOn() {
			this.web.get()
				.uri("/models?page=2&pageSize=3")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.page")
				.isEqualTo(2)
				.jsonPath("$.pageSize")
				.isEqualTo(3)
				.jsonPath("$.models.length()")
				.isEqualTo(3);
		}

		@Test
		void modelsAnswersTheApisErrorWithItsStatus() {
			this.web.get()
				.uri("/models?page=0")
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("INCORRECT_PARAMETERS");
		}

		@Test
		void operatorsSeeHealthTokenStateAndMetrics() {
			this.web.get().uri("/projects").exchange().expectStatus().isOk();

			this.web.get()
				.uri("/actuator/health")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.components.marketigerAuth.status")
				.isEqualTo("UP")
				.jsonPath("$.components.marketigerAuth.details.state")
				.isEqualTo("fresh")
				.jsonPath("$.components.marketigerAuth.details.lastRenewal.kind")
				.isEqualTo("login");
			this.web.get()
				.uri("/actuator/marketigerauth")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.session")
				.isEqualTo("service-account")
				.jsonPath("$.accessTokenFingerprint")
				.exists();
			this.web.get()
				.uri("/actuator/metrics/marketiger.auth.login")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.availableTags[?(@.tag == 'outcome')].values[*]")
				.value((values) -> assertThat(values.toString()).contains("success"));
			this.web.get()
				.uri("/actuator/metrics/marketiger.auth.access.token.remaining")
				.exchange()
				.expectStatus()
				.isOk();
		}

		@Test
		void forcingARefreshThroughTheEndpointIsNotAllowedByDefault() {
			this.web.post().uri("/actuator/marketigerauth").exchange().expectStatus().is4xxClientError();
		}

		@Test
		void simulatorCountersShowTheLogin() {
			this.web.get().uri("/projects").exchange().expectStatus().isOk();
			this.web.get()
				.uri("/simulator/counters")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.apiCalls.ok")
				.isEqualTo(1)
				.jsonPath("$.rejectedRefreshes.reused")
				.isEqualTo(0);
		}

	}

	@Nested
	class AnotherApi {

		private static final Account BUYER = new Account("buyer@example.test", "buyer-password");

		@Test
		void marketigerBaseUrlPointsTheDemoAtThatApiAndStartsNoSimulator() {
			try (MarketigerSimulator api = MarketigerSimulator
				.start(SimulatorSettings.builder().accounts(BUYER).build());
					ConfigurableApplicationContext demo = runDemo("--MARKETIGER_BASE_URL=" + api.baseUrl(),
							"--MARKETIGER_EMAIL=" + BUYER.email(), "--MARKETIGER_PASSWORD=" + BUYER.password())) {
				assertThat(demo.getBeansOfType(MarketigerSimulator.class)).isEmpty();
				assertThat(demo.getBean(MarketigerAuthProperties.class).getBaseUrl()).isEqualTo(api.baseUrl());
				WebTestClient web = client(demo);
				web.get()
					.uri("/projects")
					.exchange()
					.expectStatus()
					.isOk()
					.expectBody()
					.jsonPath("$.projects[0].projectId")
					.isNotEmpty();
				web.get().uri("/simulator/counters").exchange().expectStatus().isNotFound();
				assertThat(api.counters().logins()).isOne();
			}
		}

		@Test
		void wrongCredentialsAnswerBadGatewayWithoutThePassword() {
			try (MarketigerSimulator api = MarketigerSimulator
				.start(SimulatorSettings.builder().accounts(BUYER).build());
					ConfigurableApplicationContext demo = runDemo("--MARKETIGER_BASE_URL=" + api.baseUrl(),
							"--MARKETIGER_EMAIL=" + BUYER.email(), "--MARKETIGER_PASSWORD=not-the-password")) {
				client(demo).get()
					.uri("/projects")
					.exchange()
					.expectStatus()
					.isEqualTo(HttpStatus.BAD_GATEWAY)
					.expectBody(String.class)
					.value((body) -> assertThat(body).contains("\"status\":502").doesNotContain("not-the-password"));
				assertThat(api.counters().failedLogins()).isOne();
			}
		}

		private ConfigurableApplicationContext runDemo(String... args) {
			String[] withPort = new String[args.length + 1];
			withPort[0] = "--server.port=0";
			System.arraycopy(args, 0, withPort, 1, args.length);
			return new SpringApplicationBuilder(WebfluxDemoApplication.class).run(withPort);
		}

		private WebTestClient client(ConfigurableApplicationContext demo) {
			String port = demo.getEnvironment().getProperty("local.server.port");
			return WebTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + port)
				.responseTimeout(Duration.parse(TIMEOUT))
				.build();
		}

	}

	/**
	 * The application's only {@code Clock}: the starter and the embedded simulator both
	 * read it, and the test moves it.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class DemoClock {

		@Bean
		MutableClock clock() {
			return new MutableClock(Instant.parse("2030-01-01T08:00:00Z"));
		}

	}

}
