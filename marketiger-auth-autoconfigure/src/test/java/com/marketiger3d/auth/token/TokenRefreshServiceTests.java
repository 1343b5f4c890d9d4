package com.marketiger3d.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.InvalidCredentialsException;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import com.marketiger3d.auth.api.TransientAuthFailureException;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.MutableClock;
import com.marketiger3d.auth.test.TestJwts;
import com.marketiger3d.auth.token.event.LoginEvent;
import com.marketiger3d.auth.token.event.ReauthenticationRequiredEvent;
import com.marketiger3d.auth.token.event.TokenRefreshFailedEvent;
import com.marketiger3d.auth.token.event.TokenRefreshedEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

@WireMockTest
class TokenRefreshServiceTests {

	/** How long a test waits for a result before it fails. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final InMemoryTokenStore store = new InMemoryTokenStore();

	private WireMockRuntimeInfo wireMock;

	private AuthApiStub api;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wireMock) {
		this.wireMock = wireMock;
		this.api = new AuthApiStub(wireMock.getWireMock(), LIFETIME);
	}

	@Test
	void firstCallLogsInStoresThePairAndPublishesLoginEvent() {
		this.api.loginThenRotations(0);
		TokenRefreshService service = withCredentials().build();

		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		assertThat(this.store.load(TokenRefreshService.SERVICE_ACCOUNT_SESSION).block(TIMEOUT).pair().refreshToken())
			.isEqualTo(this.api.refreshToken(0));
		assertThat(this.events).singleElement().isInstanceOf(LoginEvent.class);
		assertThat(this.api.loginCount()).isOne();
	}

	@Test
	void freshTokenIsServedWithoutAnyCall() {
		this.api.loginThenRotations(1);
		TokenRefreshService service = withCredentials().build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME.minusSeconds(61));

		for (int i = 0; i < 100; i++) {
			assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		}
		assertThat(service.isRenewing()).isFalse();
		assertThat(this.api.refreshCount()).isZero();
		assertThat(this.api.loginCount()).isOne();
	}

	@Test
	void currentAccessTokenIsHandedOutWithoutWaitingOnlyWhileFreshOrStale() {
		this.api.loginThenRotations(1, 300);
		TokenRefreshService service = withCredentials().build();
		assertThat(service.currentAccessToken()).isNull();
		service.accessToken().block(TIMEOUT);

		assertThat(service.currentAccessToken()).isEqualTo(this.api.accessToken(0));
		assertThat(service.isRenewing()).isFalse();
		this.clock.advance(LIFETIME.minusSeconds(30));
		assertThat(service.currentAccessToken()).isEqualTo(this.api.accessToken(0));
		assertThat(service.isRenewing()).isTrue();
		awaitIdle(service);
		assertThat(service.currentAccessToken()).isEqualTo(this.api.accessToken(1));
		this.clock.advance(LIFETIME);
		assertThat(service.currentAccessToken()).isNull();
	}

	@Test
	void thousandConcurrentCallersOnExpiredTokenCauseExactlyOneRefresh() {
		this.api.loginThenRotations(1, 300);
		TokenRefreshService service = withCredentials().build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME);

		int callers = 1000;
		List<String> tokens = Flux.range(0, callers)
			.flatMap((i) -> service.accessToken().subscribeOn(Schedulers.parallel()), callers)
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(tokens).hasSize(callers).containsOnly(this.api.accessToken(1));
		assertThat(this.api.refreshCount()).isOne();
		assertThat(this.api.loginCount()).isOne();
	}

	@Test
	void staleTokenIsServedAtOnceWhileOneBackgroundRefreshRuns() {
		this.api.loginThenRotations(1, 500);
		TokenRefreshService service = withCredentials().build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME.minusSeconds(30));

		for (int i = 0; i < 50; i++) {
			assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		}
		assertThat(service.isRenewing()).isTrue();
		awaitIdle(service);

		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(1));
		assertThat(this.api.refreshCount()).isOne();
		assertThat(this.events).filteredOn(TokenRefreshedEvent.class::isInstance).hasSize(1);
	}

	@Test
	void rotatedRefreshTokenIsTheOneSentNext() {
		this.api.loginThenRotations(3);
		TokenRefreshService service = withCredentials().build();
		service.accessToken().block(TIMEOUT);
		for (int i = 1; i <= 3; i++) {
			this.clock.advance(LIFETIME);
			assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(i));
		}

		assertThat(this.api.refreshRequests()).extracting((request) -> request.getBodyAsString())
			.satisfiesExactly((body) -> assertThat(body).contains(this.api.refreshToken(0)),
					(body) -> assertThat(body).contains(this.api.refreshToken(1)),
					(body) -> assertThat(body).contains(this.api.refreshToken(2)));
		assertThat(this.api.loginCount()).isOne();
	}

	@Test
	void refreshRejectedWithCredentialsLogsInAgain() {
		this.api.loginThenRotations(0);
		TokenRefreshService service = withCredentials().build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME);

		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		assertThat(this.api.refreshCount()).isOne();
		assertThat(this.api.loginCount()).isEqualTo(2);
		assertThat(this.events).filteredOn(LoginEvent.class::isInstance).hasSize(2);
	}

	@Test
	void refreshRejectedWithoutCredentialsRequiresReauthenticationAndNeverResendsTheToken() {
		this.api.loginThenRotations(0);
		String expired = TestJwts.expiringAt(this.clock.instant().minusSeconds(1));
		TokenRefreshService service = builder().initialTokens(new IssuedTokens(expired, "configured-refresh")).build();

		StepVerifier.create(service.accessToken())
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ReauthenticationRequiredException.class)
				.hasMessageContaining("marketiger.auth.email"))
			.verify(Duration.ofSeconds(10));
		assertThatExceptionOfType(ReauthenticationRequiredException.class)
			.isThrownBy(() -> service.accessToken().block(Duration.ofSeconds(10)))
			.withMessageContaining("not tried again before");

		assertThat(this.api.refreshCount()).isOne();
		assertThat(this.api.loginCount()).isZero();
		assertThat(this.events).filteredOn(ReauthenticationRequiredEvent.class::isInstance).hasSize(1);
		assertThat(service.currentTokens()).get().extracting(TokenPair::refreshToken).isNull();
	}

	@Test
	void refreshTokenPastItsLifetimeIsNotSentAndServiceLogsInDirectly() {
		this.api.loginThenRotations(1);
		TokenRefreshService service = withCredentials().build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(Duration.ofHours(12));

		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		assertThat(this.api.refreshCount()).isZero();
		assertThat(this.api.loginCount()).isEqualTo(2);
	}

	@Test
	void configuredTokensAreUsedWithoutLogin() {
		String access = TestJwts.expiringAt(this.clock.instant().plus(LIFETIME));
		TokenRefreshService service = builder().initialTokens(new IssuedTokens(access, "configured-refresh")).build();

		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(access);
		assertThat(this.api.loginCount()).isZero();
		assertThat(this.api.refreshCount()).isZero();
	}

	enum TransientFault {

		SERVICE_UNAVAILABLE_HTML, TOO_MANY_REQUESTS_WITH_RETRY_AFTER, CONNECTION_RESET, TRUNCATED_JSON

	}

	/**
	 * A 429 or 5xx proves the call was not processed: the same refresh token is sent
	 * again.
	 */
	@ParameterizedTest
	@EnumSource(names = { "SERVICE_UNAVAILABLE_HTML", "TOO_MANY_REQUESTS_WITH_RETRY_AFTER" })
	void transientRefreshFailureIsRetriedWhileTheOldTokenIsServed(TransientFault fault) {
		this.api.loginThenRotations(0);
		String next = TestJwts.issued(Instant.EPOCH, LIFETIME);
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.REFRESH)).inScenario("flaky")
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(faulty(fault).withFixedDelay(300))
				.willSetStateTo("recovered"));
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.REFRESH)).inScenario("flaky")
				.whenScenarioStateIs("recovered")
				.willReturn(AuthApiStub.envelope(next, "refresh-after-fault")));
		TokenRefreshService service = withCredentials().build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME.minusSeconds(30));

		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		assertThat(service.isRenewing()).isTrue();
		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		awaitIdle(service);

		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(next);
		assertThat(this.api.refreshCount()).isEqualTo(2);
		assertThat(this.api.refreshRequests())
			.allSatisfy((request) -> assertThat(request.getBodyAsString()).contains(this.api.refreshToken(0)));
		assertThat(service.currentTokens()).get().extracting(TokenPair::refreshToken).isEqualTo("refresh-after-fault");
	}

	/**
	 * A reset after the request was sent, or an unreadable 200, may come from a call the
	 * server processed: its refresh token may be spent, so it is never sent again, and
	 * Login (which spends nothing) renews the session.
	 */
	@ParameterizedTest
	@EnumSource(names = { "CONNECTION_RESET", "TRUNCATED_JSON" })
	void refreshWithoutAReadableAnswerIsNeverSentAgainAndLogsInWithCredentials(TransientFault fault) {
		this.api.loginThenRotations(0);
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.REFRESH)).atPriority(1).willReturn(faulty(fault)));
		TokenRefreshService service = withCredentials().build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME);

		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		assertThat(this.api.refreshCount()).isOne();
		assertThat(this.api.loginCount()).isEqualTo(2);
		assertThat(this.store.load(TokenRefreshService.SERVICE_ACCOUNT_SESSION).block(TIMEOUT).pair().refreshToken())
			.isEqualTo(this.api.refreshToken(0));
		assertThat(this.events).filteredOn(LoginEvent.class::isInstance).hasSize(2);
	}

	@ParameterizedTest
	@EnumSource(names = { "CONNECTION_RESET", "TRUNCATED_JSON" })
	void refreshWithoutAReadableAnswerAndWithoutCredentialsIsSentOnceMoreThenRequiresReauthentication(
			TransientFault fault) {
		this.wireMock.getWireMock().register(post(urlEqualTo(AuthApiStub.REFRESH)).willReturn(faulty(fault)));
		String expired = TestJwts.expiringAt(this.clock.instant().minusSeconds(1));
		TokenRefreshService service = builder().initialTokens(new IssuedTokens(expired, "configured-refresh")).build();

		assertThatExceptionOfType(ReauthenticationRequiredException.class)
			.isThrownBy(() -> service.accessToken().block(TIMEOUT))
			.withMessageContaining("may have been spent");
		assertThat(this.api.refreshCount()).isEqualTo(2);
		assertThat(this.api.loginCount()).isZero();
		assertThat(this.events).filteredOn(ReauthenticationRequiredEvent.class::isInstance).hasSize(1);
		assertThat(service.currentTokens()).get().extracting(TokenPair::refreshToken).isNull();
		assertThat(this.store.load(TokenRefreshService.SERVICE_ACCOUNT_SESSION).block(TIMEOUT).pair().refreshToken())
			.isNull();
	}

	@Test
	void refreshWithoutAReadableAnswerAndWithoutCredentialsCarriesOnWhenTheServerHadNotProcessedIt() {
		String next = TestJwts.issued(Instant.EPOCH, LIFETIME);
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.REFRESH)).inScenario("dropped")
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
				.willSetStateTo("answering"));
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.REFRESH)).inScenario("dropped")
				.whenScenarioStateIs("answering")
				.willReturn(AuthApiStub.envelope(next, "refresh-after-reset")));
		String expired = TestJwts.expiringAt(this.clock.instant().minusSeconds(1));
		TokenRefreshService service = builder().initialTokens(new IssuedTokens(expired, "configured-refresh")).build();

		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(next);
		assertThat(this.api.refreshCount()).isEqualTo(2);
		assertThat(this.api.refreshRequests())
			.allSatisfy((request) -> assertThat(request.getBodyAsString()).contains("configured-refresh"));
		assertThat(service.currentTokens()).get().extracting(TokenPair::refreshToken).isEqualTo("refresh-after-reset");
	}

	@Test
	void sessionDisconnectedWhileItsRenewalReadsTheStoreNeverSendsItsRefreshToken() {
		this.api.loginThenRotations(1);
		Sinks.Empty<Void> storeAnswers = Sinks.empty();
		AtomicBoolean gateNextLoad = new AtomicBoolean();
		TokenStore gated = new TokenStore() {

			@Override
			public Mono<StoredTokenPair> load(String sessionKey) {
				Mono<StoredTokenPair> load = TokenRefreshServiceTests.this.store.load(sessionKey);
				return gateNextLoad.getAndSet(false) ? storeAnswers.asMono().then(load) : load;
			}

			@Override
			public Mono<StoredTokenPair> replace(String sessionKey, long expectedVersion, TokenPair pair) {
				return TokenRefreshServiceTests.this.store.replace(sessionKey, expectedVersion, pair);
			}

		};
		MarketigerAuthClient client = MarketigerAuthClient
			.builder(java.net.URI.create(this.wireMock.getHttpBaseUrl() + "/v2"))
			.clock(this.clock)
			.build();
		TokenRefreshService service = TokenRefreshService.builder(client, gated)
			.credentials(new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD))
			.clock(this.clock)
			.build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME);

		gateNextLoad.set(true);
		Mono<TokenPair> renewal = service.refreshNow().cache();
		renewal.subscribe((pair) -> {
		}, (ex) -> {
		});
		service.disconnect();
		storeAnswers.tryEmitEmpty();

		assertThatExceptionOfType(MarketigerAccountNotConnectedException.class)
			.isThrownBy(() -> renewal.block(TIMEOUT));
		assertThat(this.api.refreshCount()).isZero();
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder faulty(TransientFault fault) {
		return switch (fault) {
			case SERVICE_UNAVAILABLE_HTML -> aResponse().withStatus(503)
				.withHeader("Content-Type", "text/html")
				.withBody("<html><body><h1>503 Service Unavailable</h1></body></html>");
			case TOO_MANY_REQUESTS_WITH_RETRY_AFTER -> aResponse().withStatus(429).withHeader("Retry-After", "1");
			case CONNECTION_RESET -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
			case TRUNCATED_JSON -> aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"success\":true,\"data\":{\"accessToken\":\"eyJhbGciOi");
		};
	}

	@Test
	void cancelledCallerDoesNotStopTheSharedRefresh() {
		this.api.loginThenRotations(1, 500);
		TokenRefreshService service = withCredentials().build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME);

		StepVerifier.create(service.accessToken()).thenCancel().verify();
		assertThat(service.isRenewing()).isTrue();
		awaitIdle(service);

		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(1));
		assertThat(this.api.refreshCount()).isOne();
	}

	@Test
	void failedRefreshIsForgottenSoTheNextCallerStartsANewOne() {
		this.api.loginThenRotations(0);
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.REFRESH)).inScenario("down")
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(aResponse().withStatus(503))
				.willSetStateTo("still-down"));
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.REFRESH)).inScenario("down")
				.whenScenarioStateIs("still-down")
				.willReturn(aResponse().withStatus(503))
				.willSetStateTo("up"));
		String next = TestJwts.issued(Instant.EPOCH, LIFETIME);
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.REFRESH)).inScenario("down")
				.whenScenarioStateIs("up")
				.willReturn(AuthApiStub.envelope(next, "refresh-when-up")));
		TokenRefreshService service = withCredentials()
			.retryPolicy(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20)))
			.build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME);

		assertThatExceptionOfType(TransientAuthFailureException.class)
			.isThrownBy(() -> service.accessToken().block(Duration.ofSeconds(10)));
		assertThat(this.events).filteredOn(TokenRefreshFailedEvent.class::isInstance).hasSize(1);

		assertThat(service.accessToken().block(Duration.ofSeconds(10))).isEqualTo(next);
		assertThat(this.api.refreshCount()).isEqualTo(3);
	}

	@Test
	void afterAFailedBackgroundRefreshStaleCallersWaitOutTheBackoff() {
		this.api.loginThenRotations(0);
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.REFRESH)).willReturn(aResponse().withStatus(503)));
		TokenRefreshService service = withCredentials()
			.retryPolicy(new RetryPolicy(1, Duration.ofSeconds(30), Duration.ofMinutes(1)))
			.build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME.minusSeconds(50));

		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		awaitIdle(service);
		for (int i = 0; i < 29; i++) {
			this.clock.advance(Duration.ofSeconds(1));
			assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
			assertThat(service.isRenewing()).isFalse();
		}
		assertThat(this.api.refreshCount()).isOne();

		this.clock.advance(Duration.ofSeconds(1));
		service.accessToken().block(TIMEOUT);
		awaitIdle(service);
		assertThat(this.api.refreshCount()).isEqualTo(2);
	}

	@Test
	void retryAfterLongerThanMaxBackoffEndsTheAttemptAndDelaysTheNextOne() {
		this.api.loginThenRotations(0);
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.REFRESH))
				.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
		TokenRefreshService service = withCredentials()
			.timing(new TokenTiming(Duration.ofSeconds(150), Duration.ofSeconds(10), Duration.ofHours(12),
					Duration.ofMinutes(5)))
			.retryPolicy(new RetryPolicy(4, Duration.ofMillis(10), Duration.ofSeconds(2), Duration.ofMinutes(5),
					Duration.ofMinutes(5)))
			.build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(Duration.ofSeconds(160));

		service.accessToken().block(TIMEOUT);
		awaitIdle(service);
		assertThat(this.api.refreshCount()).isOne();
		assertThat(this.events).filteredOn(TokenRefreshFailedEvent.class::isInstance).hasSize(1);

		this.clock.advance(Duration.ofSeconds(119));
		service.accessToken().block(TIMEOUT);
		assertThat(service.isRenewing()).isFalse();
		this.clock.advance(Duration.ofSeconds(1));
		service.accessToken().block(TIMEOUT);
		awaitIdle(service);
		assertThat(this.api.refreshCount()).isEqualTo(2);
	}

	@Test
	void callersOfAnExpiredTokenFailAtOnceWhileTheServerAskedForALongPause() {
		this.api.loginThenRotations(0);
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.REFRESH))
				.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
		TokenRefreshService service = withCredentials().build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME);

		assertThatExceptionOfType(TransientAuthFailureException.class)
			.isThrownBy(() -> service.accessToken().block(Duration.ofSeconds(10)));
		assertThatExceptionOfType(TransientAuthFailureException.class)
			.isThrownBy(() -> service.accessToken().block(Duration.ofSeconds(10)))
			.withMessageContaining("paused until")
			.satisfies((ex) -> assertThat(ex.getRetryAfter()).get().isEqualTo(Duration.ofSeconds(60)));
		assertThat(this.api.refreshCount()).isOne();
		assertThat(service.isRenewing()).isFalse();
	}

	@Test
	void retryAfterPausesRenewalsNoLongerThanMaxRetryAfter() {
		this.api.loginThenRotations(0);
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.REFRESH))
				.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
		TokenRefreshService service = withCredentials().build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME);
		assertThatExceptionOfType(TransientAuthFailureException.class)
			.isThrownBy(() -> service.accessToken().block(Duration.ofSeconds(10)));

		this.clock.advance(Duration.ofSeconds(60));
		assertThatExceptionOfType(TransientAuthFailureException.class)
			.isThrownBy(() -> service.accessToken().block(Duration.ofSeconds(10)))
			.withMessageNotContaining("paused until");
		assertThat(this.api.refreshCount()).isEqualTo(2);
	}

	@Test
	void wrongPasswordFailsEveryCallerAtOnceWhileLoginIsRetriedWithDoublingPauses() {
		this.api.loginThenRotations(0);
		TokenRefreshService service = builder().credentials(new Credentials(AuthApiStub.EMAIL, "wrong"))
			.retryPolicy(new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(40),
					Duration.ofSeconds(60)))
			.build();
		assertThatExceptionOfType(InvalidCredentialsException.class)
			.isThrownBy(() -> service.accessToken().block(TIMEOUT));
		assertThat(this.api.loginCount()).isOne();

		// Pauses of 5, 10, 20, then 40 s (the longest): callers in between fail at once.
		int[] pauses = { 5, 10, 20, 40, 40 };
		for (int pause : pauses) {
			for (int i = 0; i < 8; i++) {
				assertThatExceptionOfType(InvalidCredentialsException.class)
					.isThrownBy(() -> service.accessToken().block(TIMEOUT))
					.withMessageContaining("not tried again before");
			}
			int logins = this.api.loginCount();
			this.clock.advance(Duration.ofSeconds(pause).minusMillis(1));
			assertThatExceptionOfType(InvalidCredentialsException.class)
				.isThrownBy(() -> service.accessToken().block(TIMEOUT));
			assertThat(this.api.loginCount()).isEqualTo(logins);
			this.clock.advance(Duration.ofMillis(1));
			assertThatExceptionOfType(InvalidCredentialsException.class)
				.isThrownBy(() -> service.accessToken().block(TIMEOUT))
				.withMessageNotContaining("not tried again before");
			assertThat(this.api.loginCount()).isEqualTo(logins + 1);
		}
		assertThat(this.events).filteredOn(TokenRefreshFailedEvent.class::isInstance).hasSize(pauses.length + 1);
	}

	@Test
	void aListenerThrowingAnErrorCannotLeaveARenewalRegistered() {
		this.api.loginThenRotations(0);
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.REFRESH)).atPriority(1).willReturn(aResponse().withStatus(503)));
		TokenRefreshService service = withCredentials()
			.retryPolicy(new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(5)))
			.eventPublisher((event) -> {
				if (event instanceof TokenRefreshFailedEvent) {
					throw new AssertionError("a listener's bug");
				}
			})
			.build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME);

		assertThatExceptionOfType(TransientAuthFailureException.class)
			.isThrownBy(() -> service.accessToken().block(Duration.ofSeconds(10)));
		assertThat(service.isRenewing()).isFalse();
		this.clock.advance(Duration.ofSeconds(1));
		assertThatExceptionOfType(TransientAuthFailureException.class)
			.isThrownBy(() -> service.accessToken().block(Duration.ofSeconds(10)));
		assertThat(this.api.refreshCount()).isEqualTo(2);
	}

	@Test
	void aRenewalThatEndsWithoutAPairFailsInsteadOfLoopingOrHanging() {
		MarketigerAuthClient empty = new MarketigerAuthClient(
				org.springframework.web.reactive.function.client.WebClient.create(this.wireMock.getHttpBaseUrl()),
				Duration.ofSeconds(5), this.clock) {

			@Override
			public reactor.core.publisher.Mono<IssuedTokens> login(Credentials credentials) {
				return reactor.core.publisher.Mono.empty();
			}

		};
		TokenRefreshService service = TokenRefreshService.builder(empty, this.store)
			.credentials(new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD))
			.clock(this.clock)
			.build();

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> service.accessToken().block(Duration.ofSeconds(10)))
			.withMessageContaining("without a token pair");
		assertThat(service.isRenewing()).isFalse();
	}

	@Test
	void wrongCredentialsDoNotHammerLogin() {
		this.api.loginThenRotations(0);
		// Lives 30 s: stale from 15 s, expired from 22.5 s.
		String stale = TestJwts.expiringAt(this.clock.instant().plusSeconds(30));
		TokenRefreshService service = builder().credentials(new Credentials(AuthApiStub.EMAIL, "wrong"))
			.initialTokens(new IssuedTokens(stale, "configured-refresh"))
			.build();
		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(stale);
		this.clock.advance(Duration.ofSeconds(20));

		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(stale);
		awaitIdle(service);
		assertThat(this.api.refreshCount()).isOne();
		assertThat(this.api.loginCount()).isOne();

		for (int i = 0; i < 10; i++) {
			this.clock.advance(Duration.ofMillis(100));
			assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(stale);
		}
		assertThat(this.api.loginCount()).isOne();
		this.clock.advance(Duration.ofSeconds(1));
		service.accessToken().block(TIMEOUT);
		awaitIdle(service);
		assertThat(this.api.loginCount()).isEqualTo(2);
		assertThat(this.api.refreshCount()).isOne();
	}

	@Test
	void shortLivedTokenIsRefreshedOncePerLifetimeNotOncePerCall() {
		Duration shortLifetime = Duration.ofSeconds(20);
		AuthApiStub shortLived = new AuthApiStub(this.wireMock.getWireMock(), shortLifetime);
		shortLived.loginThenRotations(30);
		TokenRefreshService service = withCredentials().build();

		int seconds = 200;
		for (int second = 0; second < seconds; second++) {
			assertThat(service.accessToken().block(Duration.ofSeconds(10))).isNotNull();
			awaitIdle(service);
			this.clock.advance(Duration.ofSeconds(1));
		}

		// Refreshed at half of each 20 s lifetime: about one refresh per 10 s, never one
		// per call.
		assertThat(shortLived.refreshCount()).isBetween(seconds / 20, seconds / 10 + 1);
		assertThat(shortLived.loginCount()).isOne();
	}

	enum ArrivingToken {

		EXP_AT_IAT, EXP_BEFORE_ARRIVAL, EXP_A_SECOND_AFTER_IAT

	}

	@ParameterizedTest
	@EnumSource(ArrivingToken.class)
	void tokenThatArrivesExpiredCausesOneRefreshNotOnePerCall(ArrivingToken arriving) {
		String arrivingToken = arrivingToken(arriving);
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.REFRESH))
				.willReturn(AuthApiStub.envelope(arrivingToken, "refresh-next")));
		String expired = TestJwts.expiringAt(this.clock.instant().minusSeconds(1));
		TokenRefreshService service = builder().initialTokens(new IssuedTokens(expired, "configured-refresh")).build();

		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(arrivingToken);
		int callers = 100;
		List<String> tokens = Flux.range(0, callers)
			.flatMap((i) -> service.accessToken().subscribeOn(Schedulers.parallel()), callers)
			.collectList()
			.block(TIMEOUT);
		// Up to just before the minimum interval after the pair arrived.
		for (int i = 0; i < 49; i++) {
			this.clock.advance(Duration.ofMillis(100));
			assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(arrivingToken);
		}

		assertThat(tokens).hasSize(callers).containsOnly(arrivingToken);
		assertThat(service.isRenewing()).isFalse();
		assertThat(this.api.refreshCount()).isOne();
	}

	private String arrivingToken(ArrivingToken arriving) {
		Instant now = this.clock.instant();
		return switch (arriving) {
			case EXP_AT_IAT -> TestJwts.issued(now, Duration.ZERO);
			case EXP_BEFORE_ARRIVAL -> TestJwts.expiringAt(now.minus(Duration.ofHours(1)));
			case EXP_A_SECOND_AFTER_IAT -> TestJwts.issued(now, Duration.ofSeconds(1));
		};
	}

	@Test
	void rejectedAccessTokenIsRenewedOnlyWhileItIsCurrent() {
		this.api.loginThenRotations(2);
		TokenRefreshService service = withCredentials().build();
		String first = service.accessToken().block(TIMEOUT);

		assertThat(service.accessTokenAfterRejection(first).block(TIMEOUT)).isEqualTo(this.api.accessToken(1));
		assertThat(service.accessTokenAfterRejection(first).block(TIMEOUT)).isEqualTo(this.api.accessToken(1));
		assertThat(this.api.refreshCount()).isOne();
	}

	@Test
	void tokenRejectedRightAfterLoginIsRenewedOnce() {
		this.api.loginThenRotations(2);
		TokenRefreshService service = withCredentials().build();
		String first = service.accessToken().block(TIMEOUT);

		assertThat(service.accessTokenAfterRejection(first).block(TIMEOUT)).isEqualTo(this.api.accessToken(1));
		assertThat(this.api.refreshCount()).isOne();
	}

	@Test
	void tokenObtainedInAnswerToARejectionIsNotRenewedAgainUntilItIsRejectedTokenMinAgeOld() {
		this.api.loginThenRotations(3);
		TokenRefreshService service = withCredentials().build();
		String first = service.accessToken().block(TIMEOUT);
		String second = service.accessTokenAfterRejection(first).block(TIMEOUT);
		this.clock.advance(Duration.ofMillis(4999));

		for (int i = 0; i < 20; i++) {
			assertThat(service.accessTokenAfterRejection(second).block(TIMEOUT)).isEqualTo(second);
		}
		assertThat(this.api.refreshCount()).isOne();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(service.accessTokenAfterRejection(second).block(TIMEOUT)).isEqualTo(this.api.accessToken(2));
		assertThat(this.api.refreshCount()).isEqualTo(2);
	}

	@Test
	void tokenObtainedForARejectingCallerThatCancelledIsStillNotRenewedAgainWhileYoung() {
		this.api.loginThenRotations(2, 200);
		TokenRefreshService service = withCredentials().build();
		String first = service.accessToken().block(TIMEOUT);
		service.accessTokenAfterRejection(first).subscribe().dispose();
		await().atMost(TIMEOUT).until(() -> this.api.refreshCount() == 1 && !service.isRenewing());
		String second = service.accessToken().block(TIMEOUT);

		assertThat(second).isEqualTo(this.api.accessToken(1));
		assertThat(service.accessTokenAfterRejection(second).block(TIMEOUT)).isEqualTo(second);
		assertThat(this.api.refreshCount()).isOne();
	}

	@Test
	void tokenAdoptedFromTheStoreIsRenewedOnItsFirstRejection() {
		this.api.loginThenRotations(1);
		withCredentials().build().accessToken().block(TIMEOUT);
		TokenRefreshService another = withCredentials().build();
		String adopted = another.accessToken().block(TIMEOUT);

		assertThat(another.accessTokenAfterRejection(adopted).block(TIMEOUT)).isEqualTo(this.api.accessToken(1));
		assertThat(this.api.loginCount()).isOne();
		assertThat(this.api.refreshCount()).isOne();
	}

	@Test
	void wrongCredentialsFailWithInvalidCredentials() {
		this.api.loginThenRotations(0);
		TokenRefreshService service = builder().credentials(new Credentials(AuthApiStub.EMAIL, "wrong")).build();

		assertThatExceptionOfType(com.marketiger3d.auth.api.InvalidCredentialsException.class)
			.isThrownBy(() -> service.accessToken().block(Duration.ofSeconds(10)))
			.withMessageNotContaining("wrong");
		assertThat(this.api.loginCount()).isOne();
	}

	@Test
	void tokenIsNoLongerHandedOutFromTheInstantItIsTreatedAsExpired() {
		this.api.loginThenRotations(1);
		TokenRefreshService service = withCredentials().build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME.minusSeconds(10));

		assertThat(service.currentAccessToken()).isNull();
		assertThat(service.isRenewing()).isFalse();
	}

	@Test
	void rejectionOfAnOlderTokenReturnsTheCurrentOneWithoutRenewing() {
		this.api.loginThenRotations(2);
		TokenRefreshService service = withCredentials().build();
		String first = service.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME);
		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(1));

		assertThat(service.accessTokenAfterRejection(first).block(TIMEOUT)).isEqualTo(this.api.accessToken(1));
		assertThat(this.api.refreshCount()).isOne();
	}

	@Test
	void rejectionBeforeAnyTokenLogsInAndThatLoginIsNotRenewedOnItsOwnRejectionWhileYoung() {
		this.api.loginThenRotations(1);
		TokenRefreshService service = withCredentials().build();

		String obtained = service.accessTokenAfterRejection("a-token-of-another-session").block(TIMEOUT);
		assertThat(obtained).isEqualTo(this.api.accessToken(0));
		assertThat(service.accessTokenAfterRejection(obtained).block(TIMEOUT)).isEqualTo(obtained);
		assertThat(this.api.loginCount()).isOne();
		assertThat(this.api.refreshCount()).isZero();
	}

	@Test
	void aSuccessfulRenewalEndsThePauseOfTheFailuresBeforeIt() {
		String token = TestJwts.issued(Instant.EPOCH, LIFETIME);
		registerWrongLogin(Scenario.STARTED, "right");
		registerWrongLogin("wrong-again", "wrong-again");
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.REFRESH)).willReturn(AuthApiStub.refreshRejected()));
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.LOGIN)).inScenario("logins")
				.whenScenarioStateIs("right")
				.willReturn(AuthApiStub.envelope(token, "refresh-of-login"))
				.willSetStateTo("wrong-again"));
		TokenRefreshService service = withCredentials().build();
		assertThatExceptionOfType(InvalidCredentialsException.class)
			.isThrownBy(() -> service.accessToken().block(TIMEOUT));
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(token);
		this.clock.advance(LIFETIME);
		assertThatExceptionOfType(InvalidCredentialsException.class)
			.isThrownBy(() -> service.accessToken().block(TIMEOUT));

		// One failure since the success: paused for the first pause (2 s), not twice as
		// long.
		this.clock.advance(Duration.ofSeconds(2));
		assertThatExceptionOfType(InvalidCredentialsException.class)
			.isThrownBy(() -> service.accessToken().block(TIMEOUT))
			.withMessageNotContaining("not tried again before");
		assertThat(this.api.loginCount()).isEqualTo(4);
	}

	@Test
	void aRenewalWhosePauseHasJustRunOutStartsWithoutATimer() {
		String token = TestJwts.issued(Instant.EPOCH, LIFETIME);
		registerWrongLogin(Scenario.STARTED, "right");
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.LOGIN)).inScenario("logins")
				.whenScenarioStateIs("right")
				.willReturn(AuthApiStub.envelope(token, "refresh-of-login")));
		AtomicInteger timers = new AtomicInteger();
		Scheduler parallel = Schedulers.parallel();
		Scheduler counting = new Scheduler() {

			@Override
			public Disposable schedule(Runnable task) {
				return parallel.schedule(task);
			}

			@Override
			public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
				timers.incrementAndGet();
				return parallel.schedule(task, delay, unit);
			}

			@Override
			public Worker createWorker() {
				return parallel.createWorker();
			}

		};
		TokenRefreshService service = withCredentials().scheduler(counting).build();
		assertThatExceptionOfType(InvalidCredentialsException.class)
			.isThrownBy(() -> service.accessToken().block(TIMEOUT));
		this.clock.advance(Duration.ofSeconds(2));

		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(token);
		assertThat(timers).hasValue(0);
	}

	@Test
	void aRenewalStartedJustAfterAnotherEndedAdoptsItsPairInsteadOfRefreshingAgain() {
		this.api.loginThenRotations(2);
		AtomicReference<Runnable> beforeNextReading = new AtomicReference<>();
		Clock hooked = new Clock() {

			@Override
			public long millis() {
				Runnable hook = beforeNextReading.getAndSet(null);
				if (hook != null) {
					hook.run();
				}
				return TokenRefreshServiceTests.this.clock.millis();
			}

			@Override
			public Instant instant() {
				return Instant.ofEpochMilli(millis());
			}

			@Override
			public ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

		};
		TokenRefreshService service = withCredentials().clock(hooked).build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME);

		// The caller has read the expired pair; another renewal runs to its end before
		// the caller starts its own.
		beforeNextReading.set(() -> service.refreshNow().block(TIMEOUT));
		CompletableFuture<String> token = service.accessToken().toFuture();

		assertThat(token).isCompletedWithValue(this.api.accessToken(1));
		assertThat(service.isRenewing()).isFalse();
		assertThat(this.api.refreshCount()).isOne();
	}

	@Test
	void tokensReplacingACopyOfAnotherPairReturnsTheCurrentFreshPairWithoutACall() {
		this.api.loginThenRotations(1);
		TokenRefreshService service = withCredentials().build();
		service.accessToken().block(TIMEOUT);
		StoredTokenPair held = new StoredTokenPair(
				TokenTiming.defaults().issued(new IssuedTokens("held-access", "held-refresh"), this.clock.instant()),
				1);

		assertThat(service.tokensReplacing(held).block(TIMEOUT)).isEqualTo(service.currentTokens().get());
		assertThat(this.api.refreshCount()).isZero();
	}

	@Test
	void tokensReplacingTheCurrentPairRenewsIt() {
		this.api.loginThenRotations(1);
		TokenRefreshService service = withCredentials().build();
		service.accessToken().block(TIMEOUT);
		StoredTokenPair held = this.store.load(TokenRefreshService.SERVICE_ACCOUNT_SESSION).block(TIMEOUT);

		assertThat(service.tokensReplacing(held).block(TIMEOUT).accessToken()).isEqualTo(this.api.accessToken(1));
		assertThat(this.api.refreshCount()).isOne();
	}

	@Test
	void tokensReplacingACopyOfTheSameVersionRenewsFromTheSessionsPairOnceItIsDue() {
		this.api.loginThenRotations(1);
		TokenRefreshService service = withCredentials().build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME.minusSeconds(60));
		long version = this.store.load(TokenRefreshService.SERVICE_ACCOUNT_SESSION).block(TIMEOUT).version();
		StoredTokenPair held = new StoredTokenPair(
				TokenTiming.defaults().issued(new IssuedTokens("held-access", "held-refresh"), this.clock.instant()),
				version);

		assertThat(service.tokensReplacing(held).block(TIMEOUT).accessToken()).isEqualTo(this.api.accessToken(1));
		assertThat(this.api.refreshRequests()).singleElement()
			.satisfies((request) -> assertThat(request.getBodyAsString()).contains(this.api.refreshToken(0)));
	}

	@Test
	void tokensReplacingACopyNewerThanTheSessionsPairRenewsFromTheCopy() {
		this.api.loginThenRotations(2);
		TokenRefreshService renewing = withCredentials().build();
		renewing.accessToken().block(TIMEOUT);
		TokenRefreshService behind = withCredentials().build();
		behind.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME);
		renewing.accessToken().block(TIMEOUT);
		StoredTokenPair held = this.store.load(TokenRefreshService.SERVICE_ACCOUNT_SESSION).block(TIMEOUT);
		assertThat(held.pair().accessToken()).isEqualTo(this.api.accessToken(1));

		assertThat(behind.tokensReplacing(held).block(TIMEOUT).accessToken()).isEqualTo(this.api.accessToken(2));
		assertThat(this.api.refreshCount()).isEqualTo(2);
		assertThat(this.api.loginCount()).isOne();
	}

	@Test
	void tokensReplacingACopyTheStoreDoesNotHoldSendsNoRefreshTokenWithoutCredentials() {
		this.api.loginThenRotations(1);
		TokenRefreshService service = builder().build();
		StoredTokenPair held = new StoredTokenPair(
				TokenTiming.defaults()
					.issued(new IssuedTokens(this.api.accessToken(0), this.api.refreshToken(0)), this.clock.instant()),
				TokenVersions.next(0));

		// The store holds no pair: another instance may have rotated the copy, and the
		// store cannot show that it did not.
		assertThatExceptionOfType(ReauthenticationRequiredException.class)
			.isThrownBy(() -> service.tokensReplacing(held).block(TIMEOUT))
			.withMessageContaining("lost its pair");
		assertThat(this.api.refreshCount()).isZero();
		assertThat(this.api.loginCount()).isZero();
	}

	@Test
	void serviceNamesItsSessionAndFingerprintsNeverItsTokens() {
		this.api.loginThenRotations(0);
		TokenRefreshService service = withCredentials().build();
		service.accessToken().block(TIMEOUT);
		TokenPair pair = service.currentTokens().get();

		assertThat(service.toString()).startsWith("TokenRefreshService[session=service-account")
			.contains(pair.accessTokenFingerprint(), pair.refreshTokenFingerprint())
			.doesNotContain(pair.accessToken(), pair.refreshToken());
	}

	/**
	 * Login answers 400 (wrong credentials) in {@code state}, then moves to {@code next}.
	 */
	private void registerWrongLogin(String state, String next) {
		this.wireMock.getWireMock()
			.register(post(urlEqualTo(AuthApiStub.LOGIN)).inScenario("logins")
				.whenScenarioStateIs(state)
				.willReturn(aResponse().withStatus(400)
					.withHeader("Content-Type", "application/json")
					.withBody("{\"success\":false,\"error\":{\"type\":\"AUTHENTICATION\","
							+ "\"message\":\"Username or Password are incorrect.\"}}"))
				.willSetStateTo(next));
	}

	private static void awaitIdle(TokenRefreshService service) {
		await().pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(2))
			.atMost(Duration.ofSeconds(10))
			.until(() -> !service.isRenewing());
	}

	private TokenRefreshServiceBuilder withCredentials() {
		return builder().credentials(new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD));
	}

	private TokenRefreshServiceBuilder builder() {
		MarketigerAuthClient client = MarketigerAuthClient
			.builder(java.net.URI.create(this.wireMock.getHttpBaseUrl() + "/v2"))
			.clock(this.clock)
			.build();
		return TokenRefreshService.builder(client, this.store)
			.clock(this.clock)
			.retryPolicy(new RetryPolicy(4, Duration.ofMillis(10), Duration.ofSeconds(2)))
			.eventPublisher(this.events::add);
	}

}
