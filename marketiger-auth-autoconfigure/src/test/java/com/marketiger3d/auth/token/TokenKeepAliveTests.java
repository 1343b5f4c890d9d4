package com.marketiger3d.auth.token;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.PendingTimers;
import com.marketiger3d.auth.test.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TokenKeepAlive}, on Reactor's virtual time: the session's clock is the
 * virtual scheduler's.
 */
@WireMockTest
class TokenKeepAliveTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofMinutes(30);

	private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	/** The sessions' scheduler: the virtual one, counting the timers still pending. */
	private final PendingTimers timers = new PendingTimers(this.scheduler);

	private final Clock clock = new VirtualClock(START, this.scheduler);

	private WireMock wireMock;

	private AuthApiStub api;

	private TokenRefreshServiceBuilder builder;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wireMock) {
		this.wireMock = wireMock.getWireMock();
		this.api = new AuthApiStub(wireMock.getWireMock(), Duration.ofMinutes(5)).loginThenRotations(16);
		MarketigerAuthClient client = MarketigerAuthClient.builder(URI.create(wireMock.getHttpBaseUrl() + "/v2"))
			.clock(this.clock)
			.build();
		this.builder = TokenRefreshService.builder(client, new InMemoryTokenStore())
			.initialTokens(new IssuedTokens(this.api.accessToken(0), this.api.refreshToken(0)))
			.timing(new TokenTiming(Duration.ofSeconds(60), Duration.ofSeconds(10), REFRESH_TOKEN_LIFETIME,
					Duration.ofMinutes(5)))
			.clock(this.clock)
			.scheduler(this.timers);
	}

	@AfterEach
	void disposeScheduler() {
		this.scheduler.dispose();
	}

	@Test
	void idleSessionWithTokensOnlyOutlivesThreeRefreshTokenLifetimes() {
		TokenRefreshService service = this.builder.build();
		service.accessToken().block(TIMEOUT);
		int refreshesBefore = this.api.refreshCount();
		TokenKeepAlive keepAlive = new TokenKeepAlive(service, this.builder.settings()).start();

		idle(service, REFRESH_TOKEN_LIFETIME.multipliedBy(3));

		assertThat(service.accessToken().block(TIMEOUT)).isNotBlank();
		assertThat(this.api.loginCount()).isZero();
		// 27 minutes into each lifetime: three refreshes in the 90 idle minutes, and the
		// one the first call above makes, the pair having expired by then.
		assertThat(this.api.refreshCount() - refreshesBefore).isBetween(3, 4);
		keepAlive.dispose();
	}

	@Test
	void idleSessionWithoutKeepAliveNeedsReauthentication() {
		TokenRefreshService service = this.builder.build();
		service.accessToken().block(TIMEOUT);
		int refreshesBefore = this.api.refreshCount();

		idle(service, REFRESH_TOKEN_LIFETIME.multipliedBy(3));

		assertThatExceptionOfType(ReauthenticationRequiredException.class)
			.isThrownBy(() -> service.accessToken().block(TIMEOUT));
		assertThat(this.api.refreshCount()).isEqualTo(refreshesBefore);
	}

	@Test
	void sessionRenewedByCallsIsNotRefreshedByTheKeepAlive() {
		TokenRefreshService service = this.builder.build();
		service.accessToken().block(TIMEOUT);
		TokenKeepAlive keepAlive = new TokenKeepAlive(service, this.builder.settings()).start();
		int refreshesBefore = this.api.refreshCount();

		// A call every 4 minutes refreshes the 5-minute access token, and with it the
		// refresh token, long before the keep-alive is due.
		for (int i = 0; i < 12; i++) {
			idle(service, Duration.ofMinutes(4));
			service.accessToken().block(TIMEOUT);
			awaitIdle(service);
		}

		assertThat(this.api.refreshCount() - refreshesBefore).isEqualTo(12);
		keepAlive.dispose();
	}

	@Test
	void disposedKeepAliveRefreshesNothing() {
		TokenRefreshService service = this.builder.build();
		service.accessToken().block(TIMEOUT);
		int refreshesBefore = this.api.refreshCount();
		new TokenKeepAlive(service, this.builder.settings()).start().dispose();

		idle(service, REFRESH_TOKEN_LIFETIME);

		assertThat(this.api.refreshCount()).isEqualTo(refreshesBefore);
	}

	@Test
	void userSessionsInMemoryAreKeptAliveUntilTheyLeaveIt() {
		TokenSessions sessions = new TokenSessions(this.builder.settings(), Duration.ofHours(2), 10, false, true);
		sessions.connect("alice", new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD)).block(TIMEOUT);
		TokenRefreshService alice = sessions.session("alice");
		alice.accessToken().block(TIMEOUT);

		idle(alice, REFRESH_TOKEN_LIFETIME.multipliedBy(3));
		assertThat(this.api.refreshCount()).isEqualTo(3);
		assertThat(sessions.session("alice").accessToken().block(TIMEOUT)).isNotBlank();
		assertThat(this.api.loginCount()).isOne();

		int refreshes = this.api.refreshCount();
		sessions.close();
		idle(alice, REFRESH_TOKEN_LIFETIME);
		assertThat(this.api.refreshCount()).isEqualTo(refreshes);
	}

	@Test
	void marginIsATenthOfTheRefreshTokenLifetimeWithinRefreshAheadAndHalfOfIt() {
		assertThat(TokenKeepAlive.margin(TokenTiming.defaults())).isEqualTo(Duration.ofMinutes(72));
		assertThat(TokenKeepAlive.margin(new TokenTiming(Duration.ofSeconds(60), Duration.ofSeconds(10),
				Duration.ofMinutes(5), Duration.ofMinutes(5))))
			.isEqualTo(Duration.ofSeconds(60));
		assertThat(TokenKeepAlive.margin(new TokenTiming(Duration.ofSeconds(60), Duration.ofSeconds(10),
				Duration.ofSeconds(90), Duration.ofMinutes(5))))
			.isEqualTo(Duration.ofSeconds(45));
	}

	@Test
	void disposedKeepAliveSaysSoAndNamesItsSessionAndMargin() {
		TokenKeepAlive keepAlive = new TokenKeepAlive(this.builder.build(), this.builder.settings()).start();
		assertThat(keepAlive.isDisposed()).isFalse();
		assertThat(keepAlive).hasToString("TokenKeepAlive[session=service-account, margin=PT3M]");

		keepAlive.dispose();

		assertThat(keepAlive.isDisposed()).isTrue();
		assertThat(this.timers.count()).isZero();
	}

	@Test
	void keepAliveThatCannotRefreshTriesAgainEveryQuarterOfItsMarginUntilItCan() {
		// One call per attempt: the margin's quarter (45 s) is longer than the longest
		// backoff (2 s), so the keep-alive waits the quarter between attempts.
		TokenRefreshService service = this.builder
			.retryPolicy(new RetryPolicy(1, Duration.ofMillis(10), Duration.ofSeconds(2)))
			.build();
		service.accessToken().block(TIMEOUT);
		int refreshesBefore = this.api.refreshCount();
		TokenKeepAlive keepAlive = new TokenKeepAlive(service, this.builder.settings()).start();
		StubMapping unavailable = this.wireMock.register(WireMock.post(WireMock.urlEqualTo(AuthApiStub.REFRESH))
			.atPriority(1)
			.willReturn(WireMock.aResponse().withStatus(503)));

		// Due 27 minutes into the refresh token's 30: the first attempt fails.
		idle(service, Duration.ofMinutes(27));
		awaitNextTimer(service);
		assertThat(this.api.refreshCount() - refreshesBefore).isOne();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(44));
		awaitNextTimer(service);
		assertThat(this.api.refreshCount() - refreshesBefore).isOne();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(1));
		awaitNextTimer(service);
		assertThat(this.api.refreshCount() - refreshesBefore).isEqualTo(2);

		this.wireMock.removeStubMapping(unavailable);
		this.scheduler.advanceTimeBy(Duration.ofSeconds(45));
		awaitNextTimer(service);

		assertThat(this.api.refreshCount() - refreshesBefore).isEqualTo(3);
		assertThat(service.currentTokens()).get()
			.extracting(TokenPair::refreshToken)
			.isEqualTo(this.api.refreshToken(2));
		keepAlive.dispose();
	}

	@Test
	void userSessionThatLeftMemoryIdleIsNoLongerKeptAlive() {
		TokenSessions sessions = new TokenSessions(this.builder.settings(), Duration.ofMinutes(10), 10, false, true);
		assertThat(sessions.isKeepAlive()).isTrue();
		sessions.connect("alice", new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD)).block(TIMEOUT);
		TokenRefreshService alice = sessions.session("alice");
		alice.accessToken().block(TIMEOUT);
		int refreshes = this.api.refreshCount();

		idle(alice, Duration.ofMinutes(10));
		sessions.session("bob");
		assertThat(sessions.activeCount()).isOne();
		idle(alice, REFRESH_TOKEN_LIFETIME.multipliedBy(2));

		assertThat(this.api.refreshCount()).isEqualTo(refreshes);
		assertThat(sessions.activeCount()).as("bob, idle too, swept by the timer").isZero();
		assertThat(this.timers.count()).as("no keep-alive left").isZero();
	}

	@Test
	void userSessionPushedOutOfMemoryByAnotherIsNoLongerKeptAlive() {
		TokenSessions sessions = new TokenSessions(this.builder.settings(), Duration.ofHours(2), 1, false, true);
		sessions.connect("alice", new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD)).block(TIMEOUT);
		TokenRefreshService alice = sessions.session("alice");
		alice.accessToken().block(TIMEOUT);
		int refreshes = this.api.refreshCount();

		sessions.session("bob");
		assertThat(sessions.activeCount()).isOne();
		idle(alice, REFRESH_TOKEN_LIFETIME.multipliedBy(2));

		assertThat(this.api.refreshCount()).isEqualTo(refreshes);
		assertThat(this.timers.count()).as("bob's keep-alive only").isOne();
	}

	@Test
	void userSessionConnectedAgainNoLongerKeepsItsFormerServiceAlive() {
		TokenSessions sessions = new TokenSessions(this.builder.settings(), Duration.ofHours(2), 10, false, true);
		Credentials credentials = new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD);
		sessions.connect("alice", credentials).block(TIMEOUT);
		TokenRefreshService former = sessions.session("alice");
		former.accessToken().block(TIMEOUT);
		int refreshes = this.api.refreshCount();

		sessions.connect("alice", credentials).block(TIMEOUT);
		assertThat(sessions.activeCount()).isZero();
		idle(former, REFRESH_TOKEN_LIFETIME.multipliedBy(2));

		assertThat(this.api.refreshCount()).isEqualTo(refreshes);
		assertThat(this.timers.count()).isZero();
	}

	@Test
	void disconnectedUserSessionLeavesNoKeepAliveBehind() {
		TokenSessions sessions = new TokenSessions(this.builder.settings(), Duration.ofHours(2), 10, false, true);
		sessions.connect("alice", new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD)).block(TIMEOUT);
		TokenRefreshService alice = sessions.session("alice");
		alice.accessToken().block(TIMEOUT);
		assertThat(this.timers.count()).isOne();

		sessions.disconnect("alice").block(TIMEOUT);

		assertThat(sessions.activeCount()).isZero();
		assertThat(this.timers.count()).isZero();
	}

	/** Let virtual time pass a minute at a time, each renewal done before the next. */
	private void idle(TokenRefreshService service, Duration duration) {
		for (long minute = 0; minute < duration.toMinutes(); minute++) {
			this.scheduler.advanceTimeBy(Duration.ofMinutes(1));
			awaitIdle(service);
		}
	}

	/** Wait until the renewal that is running ended and the keep-alive set its timer. */
	private void awaitNextTimer(TokenRefreshService service) {
		await().pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(2))
			.atMost(Duration.ofSeconds(10))
			.until(() -> !service.isRenewing() && this.timers.count() > 0);
	}

	private static void awaitIdle(TokenRefreshService service) {
		await().pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(2))
			.atMost(Duration.ofSeconds(10))
			.until(() -> !service.isRenewing());
	}

}
