package com.marketiger3d.auth.actuate;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.marketiger3d.auth.api.ApiOrigin;
import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.DefaultReplayObservationConvention;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.api.ReplayObservationContext;
import com.marketiger3d.auth.api.ReplayObservationConvention;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.MutableClock;
import com.marketiger3d.auth.test.TestTimings;
import com.marketiger3d.auth.test.TestJwts;
import com.marketiger3d.auth.token.InMemoryTokenStore;
import com.marketiger3d.auth.token.RetryPolicy;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.BlockingTokenAccess;
import com.marketiger3d.auth.web.reactive.MarketigerAuthExchangeFilterFunction;
import com.marketiger3d.auth.web.reactive.ReactiveSessionResolver;
import com.marketiger3d.auth.web.servlet.MarketigerAuthClientHttpRequestInterceptor;
import com.marketiger3d.auth.web.servlet.SessionResolver;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Timers, gauges, health and the endpoint against a WireMock API, with canary secrets
 * that must never show up in any of them.
 */
@WireMockTest
class MarketigerAuthObservabilityTests {

	/** How long a test waits for a result before it fails. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private static final String CANARY_PASSWORD = "canary-password-0b7e41";

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ObservationRegistry observations = ObservationRegistry.create();

	private WireMockRuntimeInfo wireMock;

	private AuthApiStub api;

	private MarketigerAuthClient client;

	/** Receives the events of the service under test, when a test sets it. */
	private MarketigerAuthState state;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wireMock) {
		this.observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.meters));
		this.wireMock = wireMock;
		this.api = new AuthApiStub(wireMock.getWireMock(), LIFETIME);
		this.client = MarketigerAuthClient.builder(URI.create(wireMock.getHttpBaseUrl() + "/v2"))
			.clock(this.clock)
			.observationRegistry(this.observations)
			.build();
	}

	@Test
	void loginAndRefreshAreTimedWithTheirOutcome() {
		this.api.loginThenRotations(1);
		TokenRefreshService tokens = service(AuthApiStub.PASSWORD);
		tokens.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME);
		tokens.accessToken().block(TIMEOUT);
		catchThrowable(() -> this.client.login(new Credentials(AuthApiStub.EMAIL, "wrong")).block(TIMEOUT));
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.REFRESH)).atPriority(1).willReturn(aResponse().withStatus(503)));
		catchThrowable(() -> this.client.refresh("a", "r").block(TIMEOUT));

		assertThat(timer("marketiger.auth.login", "success").count()).isOne();
		assertThat(timer("marketiger.auth.login", "rejected").count()).isOne();
		assertThat(timer("marketiger.auth.refresh", "success").count()).isOne();
		assertThat(timer("marketiger.auth.refresh", "transient-failure").count()).isOne();
	}

	@Test
	void eachAuthCallIsTheParentOfItsHttpClientRequestObservation() {
		this.api.loginThenRotations(1);
		TestObservationRegistry observations = TestObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.meters));
		this.client = MarketigerAuthClient.builder(URI.create(this.wireMock.getHttpBaseUrl() + "/v2"))
			.clock(this.clock)
			.observationRegistry(observations)
			.build();
		TokenRefreshService tokens = service(AuthApiStub.PASSWORD);
		tokens.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME);
		tokens.accessToken().block(TIMEOUT);

		assertThat(observations).hasNumberOfObservationsEqualTo(4)
			.hasObservationWithNameEqualTo("marketiger.auth.login")
			.that()
			.doesNotHaveParentObservation()
			.hasBeenStarted()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "success");
		assertThat(observations).hasObservationWithNameEqualTo("marketiger.auth.refresh")
			.that()
			.doesNotHaveParentObservation()
			.hasLowCardinalityKeyValue("outcome", "success");
		assertThat(observations).hasHandledContextsThatSatisfy((contexts) -> {
			Observation.Context login = only(contexts, "marketiger.auth.login");
			Observation.Context refresh = only(contexts, "marketiger.auth.refresh");
			List<Observation.Context> requests = contexts.stream()
				.filter((context) -> "http.client.requests".equals(context.getName()))
				.toList();
			assertThat(requests).hasSize(2);
			// The very observation of the call, not merely one of the same name.
			assertThat(requests)
				.extracting((request) -> (request.getParentObservation() != null)
						? request.getParentObservation().getContextView() : "no parent")
				.containsExactly(login, refresh);
			assertThat(requests).extracting((request) -> request.getLowCardinalityKeyValue("uri").getValue())
				.containsExactly(AuthApiStub.LOGIN, AuthApiStub.REFRESH);
		});
		assertThat(this.meters.get("http.client.requests").timers()).hasSize(2)
			.allSatisfy((timer) -> assertThat(timer.getId().getTag("uri")).doesNotContain(CANARY_PASSWORD));
	}

	private static Observation.Context only(List<Observation.Context> contexts, String name) {
		List<Observation.Context> named = contexts.stream()
			.filter((context) -> name.equals(context.getName()))
			.toList();
		assertThat(named).hasSize(1);
		return named.get(0);
	}

	@Test
	void webClientBuilderGivenWithARegistryOfItsOwnKeepsObservingWithIt() {
		this.api.loginThenRotations(0);
		List<String> started = new CopyOnWriteArrayList<>();
		ObservationRegistry own = ObservationRegistry.create();
		own.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStart(Observation.Context context) {
				started.add(context.getName());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		MarketigerAuthClient client = MarketigerAuthClient.builder(URI.create(this.wireMock.getHttpBaseUrl() + "/v2"))
			.clock(this.clock)
			.webClientBuilder(WebClient.builder().observationRegistry(own))
			.build();

		client.login(new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD)).block(TIMEOUT);

		assertThat(started).containsExactly("http.client.requests");
	}

	@Test
	void garbledAnswerIsTimedAsMalformed() {
		this.wireMock.getWireMock().register(post(urlEqualTo(AuthApiStub.LOGIN)).willReturn(okJson("{\"success\":tr")));

		catchThrowable(
				() -> this.client.login(new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD)).block(TIMEOUT));

		assertThat(timer("marketiger.auth.login", "malformed").count()).isOne();
	}

	@Test
	void replaysAfterA401AreCounted() {
		this.api.loginThenRotations(1);
		TokenRefreshService tokens = service(AuthApiStub.PASSWORD);
		projectsAcceptOnlyTheRefreshedToken();
		URI baseUrl = URI.create(this.wireMock.getHttpBaseUrl() + "/v2");
		WebClient webClient = WebClient.builder()
			.baseUrl(baseUrl.toString())
			.filter(new MarketigerAuthExchangeFilterFunction(tokens, ApiOrigin.of(baseUrl), this.observations))
			.build();

		webClient.get().uri("/Project/GetProjects").retrieve().toBodilessEntity().block(TIMEOUT);

		assertThat(timer(MarketigerAuthExchangeFilterFunction.REPLAY_OBSERVATION, "2xx").count()).isOne();
	}

	@Test
	void cancelledReplayIsCountedAsCancelledAndCancelsTheReplayedExchange() throws InterruptedException {
		this.api.loginThenRotations(1);
		TokenRefreshService tokens = service(AuthApiStub.PASSWORD);
		tokens.accessToken().block(TIMEOUT);
		URI baseUrl = URI.create(this.wireMock.getHttpBaseUrl() + "/v2");
		MarketigerAuthExchangeFilterFunction filter = new MarketigerAuthExchangeFilterFunction(tokens,
				ApiOrigin.of(baseUrl), this.observations);
		CountDownLatch replaySent = new CountDownLatch(1);
		CountDownLatch replayCancelled = new CountDownLatch(1);
		Mono<ClientResponse> replayed = Mono.<ClientResponse>never()
			.doOnSubscribe((subscription) -> replaySent.countDown())
			.doOnCancel(replayCancelled::countDown);
		List<ClientRequest> sent = new ArrayList<>();
		ExchangeFunction api = (request) -> {
			sent.add(request);
			return (sent.size() == 1) ? Mono.just(ClientResponse.create(HttpStatus.UNAUTHORIZED).build()) : replayed;
		};

		Disposable call = filter
			.filter(ClientRequest.create(HttpMethod.GET, URI.create(baseUrl + "/Project/GetProjects")).build(), api)
			.subscribe();
		assertThat(replaySent.await(10, TimeUnit.SECONDS)).isTrue();
		call.dispose();

		// The replay is sent from the thread that renewed the token: its cancellation may
		// land there.
		assertThat(replayCancelled.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(sent).extracting((request) -> request.headers().getFirst("Authorization"))
			.containsExactly("Bearer " + this.api.accessToken(0), "Bearer " + this.api.accessToken(1));
		assertThat(timer(MarketigerAuthExchangeFilterFunction.REPLAY_OBSERVATION, "cancelled").count()).isOne();
	}

	@Test
	void replaysOfTheServletInterceptorAreCountedToo() {
		this.api.loginThenRotations(1);
		TokenRefreshService tokens = service(AuthApiStub.PASSWORD);
		projectsAcceptOnlyTheRefreshedToken();
		URI baseUrl = URI.create(this.wireMock.getHttpBaseUrl() + "/v2");
		RestClient restClient = RestClient.builder()
			.baseUrl(baseUrl.toString())
			.requestInterceptor(new MarketigerAuthClientHttpRequestInterceptor(
					new BlockingTokenAccess(tokens, Duration.ofSeconds(10)), ApiOrigin.of(baseUrl), this.observations))
			.build();

		restClient.get().uri("/Project/GetProjects").retrieve().toBodilessEntity();

		assertThat(timer(MarketigerAuthExchangeFilterFunction.REPLAY_OBSERVATION, "2xx").count()).isOne();
	}

	@Test
	void replaysOfTheFilterAndTheInterceptorAreObservedWithTheGivenConvention() {
		this.api.loginThenRotations(2);
		TokenRefreshService tokens = service(AuthApiStub.PASSWORD);
		this.wireMock.getWireMock()
			.register(get("/v2/Project/GetProjects")
				.withHeader("Authorization", equalTo("Bearer " + this.api.accessToken(2)))
				.willReturn(okJson("{\"success\":true,\"data\":{}}")));
		this.wireMock.getWireMock().register(get("/v2/Project/GetProjects").atPriority(10).willReturn(unauthorized()));
		URI baseUrl = URI.create(this.wireMock.getHttpBaseUrl() + "/v2");
		TestObservationRegistry observations = TestObservationRegistry.create();
		ReplayObservationConvention convention = new DefaultReplayObservationConvention() {

			@Override
			public KeyValues getLowCardinalityKeyValues(ReplayObservationContext context) {
				return super.getLowCardinalityKeyValues(context).and("client", "acme");
			}

		};
		WebClient webClient = WebClient.builder()
			.baseUrl(baseUrl.toString())
			.filter(new MarketigerAuthExchangeFilterFunction(ReactiveSessionResolver.serviceAccount(tokens),
					ApiOrigin.of(baseUrl), observations, convention))
			.build();
		RestClient restClient = RestClient.builder()
			.baseUrl(baseUrl.toString())
			.requestInterceptor(new MarketigerAuthClientHttpRequestInterceptor(
					SessionResolver.serviceAccount(new BlockingTokenAccess(tokens, Duration.ofSeconds(10))),
					ApiOrigin.of(baseUrl), observations, convention))
			.build();

		// Tokens 0 and 1 are refused: the filter's replay with token 1 gets a 401, the
		// interceptor's with token 2 gets through.
		catchThrowable(() -> webClient.get().uri("/Project/GetProjects").retrieve().toBodilessEntity().block(TIMEOUT));
		restClient.get().uri("/Project/GetProjects").retrieve().toBodilessEntity();

		assertThat(observations).hasNumberOfObservationsWithNameEqualTo("marketiger.auth.replay", 2)
			.forAllObservationsWithNameEqualTo("marketiger.auth.replay",
					(observation) -> observation.hasLowCardinalityKeyValue("client", "acme"))
			.hasAnObservation((observation) -> observation.hasNameEqualTo("marketiger.auth.replay")
				.hasLowCardinalityKeyValue("outcome", "4xx"))
			.hasAnObservation((observation) -> observation.hasNameEqualTo("marketiger.auth.replay")
				.hasLowCardinalityKeyValue("outcome", "2xx"));
	}

	@Test
	void gaugesShowSecondsLeftAndNaNBeforeTheFirstToken() {
		this.api.loginThenRotations(0);
		TokenRefreshService tokens = service(AuthApiStub.PASSWORD);
		new MarketigerAuthMetrics(tokens).bindTo(this.meters);

		assertThat(gauge("marketiger.auth.access.token.remaining")).isNaN();
		tokens.accessToken().block(TIMEOUT);
		this.clock.advance(Duration.ofSeconds(100));

		assertThat(gauge("marketiger.auth.access.token.remaining")).isEqualTo(200.0);
		assertThat(gauge("marketiger.auth.refresh.token.remaining")).isEqualTo(12 * 3600 - 100.0);
	}

	@Test
	void healthIsUpWithStateDetailsAndNeverCallsTheApi() {
		this.api.loginThenRotations(0);
		TokenRefreshService tokens = service(AuthApiStub.PASSWORD);
		MarketigerAuthState state = new MarketigerAuthState(tokens);
		MarketigerAuthHealthIndicator health = new MarketigerAuthHealthIndicator(state);

		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
		assertThat(health.health().getDetails()).containsEntry("state", "absent");
		tokens.accessToken().block(TIMEOUT);
		int calls = this.wireMock.getWireMock().find(anyRequestedFor(anyUrl())).size();
		for (int i = 0; i < 20; i++) {
			Health result = health.health();
			assertThat(result.getStatus()).isEqualTo(Status.UP);
			assertThat(result.getDetails()).containsEntry("state", "fresh")
				.containsEntry("accessTokenFingerprint", tokens.currentTokens().orElseThrow().accessTokenFingerprint());
		}
		this.clock.advance(LIFETIME);
		assertThat(health.health().getDetails()).containsEntry("state", "expired");

		assertThat(this.wireMock.getWireMock().find(anyRequestedFor(anyUrl()))).hasSize(calls);
	}

	@Test
	void healthIsDownWithTheReasonWhenReauthenticationIsRequired() {
		this.api.loginThenRotations(0);
		TokenRefreshService tokens = TokenRefreshService.builder(this.client, new InMemoryTokenStore())
			.initialTokens(new IssuedTokens(TestJwts.expiringAt(this.clock.instant().minusSeconds(1)), "old-refresh"))
			.clock(this.clock)
			.retryPolicy(new RetryPolicy(1, Duration.ofMillis(5), Duration.ofMillis(5)))
			.eventPublisher((event) -> this.stateOf(event))
			.build();
		this.state = new MarketigerAuthState(tokens);

		catchThrowable(() -> tokens.accessToken().block(TIMEOUT));
		Health health = new MarketigerAuthHealthIndicator(this.state).health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat((String) health.getDetails().get("reason")).contains("marketiger.auth.email");
		assertThat(health.getDetails()).containsKey("lastFailure");
	}

	@Test
	void healthIsDownWhenLoginRejectsTheCredentials() {
		this.api.loginThenRotations(0);
		TokenRefreshService tokens = TokenRefreshService.builder(this.client, new InMemoryTokenStore())
			.credentials(new Credentials(AuthApiStub.EMAIL, "wrong"))
			.clock(this.clock)
			.eventPublisher((event) -> this.stateOf(event))
			.build();
		this.state = new MarketigerAuthState(tokens);

		catchThrowable(() -> tokens.accessToken().block(TIMEOUT));

		assertThat(new MarketigerAuthHealthIndicator(this.state).health().getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void endpointReadsTheStateAndWritingForcesARefresh() {
		this.api.loginThenRotations(1);
		TokenRefreshService tokens = service(AuthApiStub.PASSWORD);
		MarketigerAuthEndpoint endpoint = new MarketigerAuthEndpoint(new MarketigerAuthState(tokens), tokens);
		tokens.accessToken().block(TIMEOUT);

		assertThat(endpoint.state()).containsEntry("state", "fresh").containsEntry("session", "service-account");
		Map<String, Object> afterRefresh = endpoint.refresh();

		assertThat(this.api.refreshCount()).isOne();
		assertThat(afterRefresh).containsEntry("accessTokenFingerprint",
				tokens.currentTokens().orElseThrow().accessTokenFingerprint());
	}

	@Test
	void noSecretAppearsInMetricsHealthOrEndpoint() {
		String access = TestJwts.issued(Instant.EPOCH, LIFETIME);
		String refresh = "canary-refresh-3c9d0a";
		String echo = "{\"success\":false,\"error\":{\"type\":2,\"message\":\"bad " + refresh + " " + CANARY_PASSWORD
				+ "\"}}";
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.LOGIN)).inScenario("login")
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(AuthApiStub.envelope(access, refresh))
				.willSetStateTo("rejecting"));
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.LOGIN)).inScenario("login")
				.whenScenarioStateIs("rejecting")
				.willReturn(aResponse().withStatus(400).withBody(echo)));
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.REFRESH)).willReturn(aResponse().withStatus(401).withBody(echo)));
		TokenRefreshService tokens = service(CANARY_PASSWORD);
		new MarketigerAuthMetrics(tokens).bindTo(this.meters);
		this.state = new MarketigerAuthState(tokens);
		MarketigerAuthState state = this.state;
		tokens.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME);
		catchThrowable(() -> tokens.accessToken().block(TIMEOUT));
		assertThat(state.describe()).containsKey("lastFailure");

		List<String> outputs = new ArrayList<>();
		for (Meter meter : this.meters.getMeters()) {
			outputs.add(meter.getId().toString());
			meter.measure().forEach((measurement) -> outputs.add(String.valueOf(measurement.getValue())));
		}
		outputs.add(new MarketigerAuthHealthIndicator(state).health().toString());
		outputs.add(new MarketigerAuthEndpoint(state, tokens).state().toString());

		assertThat(outputs).isNotEmpty()
			.noneSatisfy((text) -> assertThat(text).containsAnyOf(access, refresh, CANARY_PASSWORD,
					access.substring(access.lastIndexOf('.') + 1)));
	}

	private void stateOf(Object event) {
		if (this.state != null && event instanceof com.marketiger3d.auth.token.event.TokenLifecycleEvent lifecycle) {
			this.state.onApplicationEvent(lifecycle);
		}
	}

	private void projectsAcceptOnlyTheRefreshedToken() {
		this.wireMock.getWireMock()
			.register(get("/v2/Project/GetProjects")
				.withHeader("Authorization", equalTo("Bearer " + this.api.accessToken(1)))
				.willReturn(okJson("{\"success\":true,\"data\":{}}")));
		this.wireMock.getWireMock().register(get("/v2/Project/GetProjects").atPriority(10).willReturn(unauthorized()));
	}

	private TokenRefreshService service(String password) {
		return TokenRefreshService.builder(this.client, new InMemoryTokenStore())
			.credentials(new Credentials(AuthApiStub.EMAIL, password))
			.clock(this.clock)
			.timing(TestTimings.renewingOnEvery401())
			.retryPolicy(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20)))
			.eventPublisher((event) -> this.stateOf(event))
			.build();
	}

	private Timer timer(String name, String outcome) {
		return this.meters.get(name).tag("outcome", outcome).timer();
	}

	private double gauge(String name) {
		return this.meters.get(name).gauge().value();
	}

}
