package com.marketiger3d.auth.token;

import com.marketiger3d.auth.test.GatedTokenStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.InvalidCredentialsException;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import com.marketiger3d.auth.api.TransientAuthFailureException;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.MutableClock;
import com.marketiger3d.auth.test.TestJwts;
import com.marketiger3d.auth.test.UsersApiStub;
import com.marketiger3d.auth.token.event.LoginEvent;
import com.marketiger3d.auth.token.event.ReauthenticationRequiredEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

@WireMockTest
class TokenSessionsTests {

	/** How long a test waits for a result before it fails. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final InMemoryTokenStore store = new InMemoryTokenStore();

	private WireMockRuntimeInfo wireMock;

	private UsersApiStub api;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wireMock) {
		this.wireMock = wireMock;
		this.api = new UsersApiStub(wireMock.getWireMock(), LIFETIME);
	}

	@Test
	void connectLogsInOnceStoresThePairAndForgetsThePassword() {
		this.api.user("alice", 0);
		TokenSessions sessions = sessions(100, false);

		TokenPair pair = sessions.connect("alice", credentials("alice")).block(TIMEOUT);

		assertThat(pair.accessToken()).isEqualTo(this.api.accessToken("alice", 0));
		assertThat(this.store.load("alice").block(TIMEOUT).pair()).isEqualTo(pair);
		assertThat(sessions.session("alice").accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken("alice", 0));
		assertThat(this.api.loginCount("alice")).isOne();
		assertThat(this.events).singleElement().isInstanceOf(LoginEvent.class);
		assertThat(sessions.session("alice").toString()).doesNotContain(UsersApiStub.PASSWORD);
	}

	@Test
	void connectWithWrongPasswordFailsAndStoresNothing() {
		this.api.user("alice", 0);
		TokenSessions sessions = sessions(100, false);

		StepVerifier.create(sessions.connect("alice", new Credentials(UsersApiStub.email("alice"), "wrong")))
			.expectError(InvalidCredentialsException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.store.load("alice").block(TIMEOUT)).isNull();
	}

	@Test
	void connectIsNotHeldByTheSessionsRetryAfterPause() {
		this.api.user("alice", 1);
		this.wireMock.getWireMock()
			.register(WireMock.post(WireMock.urlEqualTo(AuthApiStub.REFRESH))
				.atPriority(1)
				.willReturn(WireMock.aResponse().withStatus(429).withHeader("Retry-After", "60")));
		TokenSessions sessions = sessions(100, false);
		sessions.connect("alice", credentials("alice")).block(TIMEOUT);
		this.clock.advance(LIFETIME);
		StepVerifier.create(sessions.session("alice").accessToken())
			.expectError(TransientAuthFailureException.class)
			.verify(Duration.ofSeconds(10));
		StepVerifier.create(sessions.session("alice").accessToken())
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(TransientAuthFailureException.class)
				.hasMessageContaining("paused until"))
			.verify(Duration.ofSeconds(10));
		int refreshes = this.api.refreshCount("alice");

		TokenPair pair = sessions.connect("alice", credentials("alice")).block(TIMEOUT);

		assertThat(this.api.loginCount("alice")).isEqualTo(2);
		assertThat(sessions.session("alice").accessToken().block(TIMEOUT)).isEqualTo(pair.accessToken());
		assertThat(this.api.refreshCount("alice")).isEqualTo(refreshes);
	}

	@Test
	void userWhoNeverConnectedGetsAccountNotConnected() {
		TokenSessions sessions = sessions(100, false);

		StepVerifier.create(sessions.session("bob").accessToken())
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(MarketigerAccountNotConnectedException.class)
				.isInstanceOf(ReauthenticationRequiredException.class)
				.hasMessageContaining("'bob'")
				.extracting((failure) -> ((MarketigerAccountNotConnectedException) failure).getSessionKey())
				.isEqualTo("bob"))
			.verify(Duration.ofSeconds(10));
		assertThat(this.events).singleElement().isInstanceOf(ReauthenticationRequiredEvent.class);
	}

	@Test
	void sessionWhoseRefreshTokenChainEndedGetsAccountNotConnected() {
		this.api.user("alice", 0);
		TokenSessions sessions = sessions(100, false);
		sessions.connect("alice", credentials("alice")).block(TIMEOUT);
		this.clock.advance(Duration.ofHours(13));

		StepVerifier.create(sessions.session("alice").accessToken())
			.expectError(MarketigerAccountNotConnectedException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.api.loginCount("alice")).isOne();
	}

	@Test
	void storedCredentialsLogInAgainWhenTheSessionCannotBeRefreshed() {
		this.api.user("alice", 0);
		TokenSessions sessions = sessions(100, true);
		sessions.connect("alice", credentials("alice")).block(TIMEOUT);
		this.clock.advance(Duration.ofHours(13));

		assertThat(sessions.session("alice").accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken("alice", 0));
		assertThat(this.api.loginCount("alice")).isEqualTo(2);
	}

	@Test
	void manyCallersOfOneUserAtExpiryCauseOneRefreshForThatUser() {
		this.api.user("alice", 1).user("bob", 1);
		TokenSessions sessions = sessions(100, false);
		sessions.connect("alice", credentials("alice")).block(TIMEOUT);
		sessions.connect("bob", credentials("bob")).block(TIMEOUT);
		this.clock.advance(LIFETIME);

		int callers = 500;
		List<String> tokens = Flux.range(0, callers)
			.flatMap((i) -> sessions.session((i % 2 == 0) ? "alice" : "bob")
				.accessToken()
				.map((token) -> ((i % 2 == 0) ? "alice:" : "bob:") + token)
				.subscribeOn(Schedulers.parallel()), callers)
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(tokens).hasSize(callers)
			.containsOnly("alice:" + this.api.accessToken("alice", 1), "bob:" + this.api.accessToken("bob", 1));
		assertThat(this.api.refreshCount("alice")).isOne();
		assertThat(this.api.refreshCount("bob")).isOne();
	}

	@Test
	void evictedServicesOfOneSessionNeverRefreshAtTheSameTime() {
		this.api.user("alice", 1);
		TokenSessions sessions = sessions(1, false);
		sessions.connect("alice", credentials("alice")).block(TIMEOUT);
		TokenRefreshService first = sessions.session("alice");
		first.accessToken().block(TIMEOUT);
		// Another session pushes alice's service out of memory while a caller holds it.
		sessions.session("carol");
		TokenRefreshService second = sessions.session("alice");
		assertThat(second).isNotSameAs(first);
		this.clock.advance(LIFETIME);

		List<String> tokens = Flux.range(0, 200)
			.flatMap((i) -> ((i % 2 == 0) ? first : second).accessToken().subscribeOn(Schedulers.parallel()), 200)
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(tokens).containsOnly(this.api.accessToken("alice", 1));
		assertThat(this.api.refreshCount("alice")).isOne();
	}

	@Test
	void memoryStaysBoundedWithThousandsOfSessionsAndEvictedSessionsWorkFromTheStore() {
		TokenSessions sessions = sessions(100, false);
		TokenTiming timing = TokenTiming.defaults();
		int users = 5000;
		for (int i = 0; i < users; i++) {
			String access = TestJwts.issued(this.clock.instant(), LIFETIME);
			this.store
				.replace("user-" + i, 0, timing.issued(new IssuedTokens(access, "refresh-" + i), this.clock.instant()))
				.block(TIMEOUT);
		}

		int peak = 0;
		for (int i = 0; i < users; i++) {
			String token = sessions.session("user-" + i).accessToken().block(TIMEOUT);
			assertThat(token).isEqualTo(this.store.load("user-" + i).block(TIMEOUT).pair().accessToken());
			peak = Math.max(peak, sessions.activeCount());
		}

		assertThat(peak).isLessThanOrEqualTo(100);
		assertThat(sessions.session("user-0").accessToken().block(TIMEOUT))
			.isEqualTo(this.store.load("user-0").block(TIMEOUT).pair().accessToken());
	}

	@Test
	void idleSessionsLeaveMemory() {
		this.api.user("alice", 1);
		TokenSessions sessions = sessions(100, false);
		sessions.connect("alice", credentials("alice")).block(TIMEOUT);
		TokenRefreshService alice = sessions.session("alice");
		alice.accessToken().block(TIMEOUT);
		this.clock.advance(Duration.ofMinutes(31));

		sessions.session("bob");

		assertThat(sessions.activeCount()).isOne();
		TokenRefreshService again = sessions.session("alice");
		assertThat(again).isNotSameAs(alice);
		assertThat(again.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken("alice", 1));
		assertThat(this.api.loginCount("alice")).isOne();
		assertThat(this.api.refreshCount("alice")).isOne();
	}

	@Test
	void disconnectForgetsTheSessionInMemoryAndInTheStore() {
		this.api.user("alice", 0);
		TokenSessions sessions = sessions(100, true);
		sessions.connect("alice", credentials("alice")).block(TIMEOUT);
		sessions.session("alice").accessToken().block(TIMEOUT);

		sessions.disconnect("alice").block(TIMEOUT);

		assertThat(sessions.activeCount()).isZero();
		assertThat(this.store.load("alice").block(TIMEOUT)).isNull();
		StepVerifier.create(sessions.session("alice").accessToken())
			.expectError(MarketigerAccountNotConnectedException.class)
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void renewalThatEndsAfterDisconnectDoesNotConnectTheSessionAgain() {
		this.api.user("alice", 1);
		GatedTokenStore gated = new GatedTokenStore(this.store);
		TokenSessions sessions = new TokenSessions(template(gated).settings(), Duration.ofMinutes(30), 100, true);
		sessions.connect("alice", credentials("alice")).block(TIMEOUT);
		this.clock.advance(LIFETIME);
		gated.holdWrites();
		Mono<String> renewing = sessions.session("alice").accessToken().cache();
		renewing.subscribe((token) -> {
		}, (ex) -> {
		});
		await().atMost(Duration.ofSeconds(10)).until(gated::isHolding);

		sessions.disconnect("alice").block(TIMEOUT);
		gated.release();

		StepVerifier.create(renewing)
			.expectError(MarketigerAccountNotConnectedException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.api.refreshCount("alice")).isOne();
		assertThat(this.store.load("alice").block(TIMEOUT)).isNull();
		StepVerifier.create(sessions.session("alice").accessToken())
			.expectError(MarketigerAccountNotConnectedException.class)
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void aWriteTriedAgainAfterTheUserDisconnectedAndConnectedAgainStoresNothing() {
		this.api.user("alice", 1);
		AtomicReference<Mono<StoredTokenPair>> nextWrite = new AtomicReference<>();
		TokenStore scripted = new TokenStore() {

			@Override
			public Mono<StoredTokenPair> load(String sessionKey) {
				return TokenSessionsTests.this.store.load(sessionKey);
			}

			@Override
			public Mono<StoredTokenPair> replace(String sessionKey, long expectedVersion, TokenPair pair) {
				Mono<StoredTokenPair> scriptedWrite = nextWrite.getAndSet(null);
				return (scriptedWrite != null) ? scriptedWrite
						: TokenSessionsTests.this.store.replace(sessionKey, expectedVersion, pair);
			}

			@Override
			public Mono<Void> delete(String sessionKey) {
				return TokenSessionsTests.this.store.delete(sessionKey);
			}

		};
		TokenSessions sessions = new TokenSessions(template(scripted).settings(), Duration.ofMinutes(30), 100, false);
		sessions.connect("alice", credentials("alice")).block(TIMEOUT);
		TokenRefreshService renewing = sessions.session("alice");
		this.clock.advance(LIFETIME);
		// The refresh's write fails; before it is tried again, the user disconnects and
		// connects again, which stores a new pair under the version the write expects.
		nextWrite.set(sessions.disconnect("alice")
			.then(sessions.connect("alice", credentials("alice")))
			.then(Mono.error(new TokenStoreUnavailableException("write timed out"))));

		StepVerifier.create(renewing.accessToken())
			.expectError(MarketigerAccountNotConnectedException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.api.refreshCount("alice")).isOne();
		assertThat(this.api.loginCount("alice")).isEqualTo(2);
		assertThat(this.store.load("alice").block(TIMEOUT).pair().accessToken())
			.isEqualTo(this.api.accessToken("alice", 0));
		assertThat(sessions.session("alice").accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken("alice", 0));
	}

	@Test
	void renewalOnAnotherInstanceThatEndsAfterDisconnectDoesNotConnectTheSessionAgain() {
		this.api.user("alice", 1);
		GatedTokenStore gated = new GatedTokenStore(this.store);
		TokenSessions renewingInstance = new TokenSessions(template(gated).settings(), Duration.ofMinutes(30), 100,
				true);
		TokenSessions disconnectingInstance = sessions(100, false);
		renewingInstance.connect("alice", credentials("alice")).block(TIMEOUT);
		this.clock.advance(LIFETIME);
		gated.holdWrites();
		Mono<String> renewing = renewingInstance.session("alice").accessToken().cache();
		renewing.subscribe((token) -> {
		}, (ex) -> {
		});
		await().atMost(Duration.ofSeconds(10)).until(gated::isHolding);

		disconnectingInstance.disconnect("alice").block(TIMEOUT);
		gated.release();

		StepVerifier.create(renewing)
			.expectError(MarketigerAccountNotConnectedException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.store.load("alice").block(TIMEOUT)).isNull();
	}

	@Test
	void sessionUsedWhileItIsDisconnectedIsDisconnectedToo() {
		this.api.user("alice", 0);
		GatedTokenStore gated = new GatedTokenStore(this.store);
		TokenSessions sessions = new TokenSessions(template(gated).settings(), Duration.ofMinutes(30), 100, true);
		sessions.connect("alice", credentials("alice")).block(TIMEOUT);
		gated.holdDeletes();
		Mono<Void> disconnecting = sessions.disconnect("alice").cache();
		disconnecting.subscribe();
		await().atMost(Duration.ofSeconds(10)).until(gated::isHolding);
		TokenRefreshService usedMeanwhile = sessions.session("alice");
		usedMeanwhile.accessToken().block(TIMEOUT);

		gated.release();
		disconnecting.block(Duration.ofSeconds(10));

		assertThat(this.store.load("alice").block(TIMEOUT)).isNull();
		assertThat(sessions.activeCount()).isZero();
		StepVerifier.create(usedMeanwhile.accessToken())
			.expectError(MarketigerAccountNotConnectedException.class)
			.verify(Duration.ofSeconds(10));
		StepVerifier.create(sessions.session("alice").accessToken())
			.expectError(MarketigerAccountNotConnectedException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.api.loginCount("alice")).isOne();
	}

	@Test
	void serviceHeldAcrossADisconnectFailsAtOnceWhileTheStoreIsStillDeletingThePair() {
		this.api.user("alice", 0);
		GatedTokenStore gated = new GatedTokenStore(this.store);
		TokenSessions sessions = new TokenSessions(template(gated).settings(), Duration.ofMinutes(30), 100, false);
		sessions.connect("alice", credentials("alice")).block(TIMEOUT);
		TokenRefreshService held = sessions.session("alice");
		assertThat(held.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken("alice", 0));
		gated.holdDeletes();
		Mono<Void> disconnecting = sessions.disconnect("alice").cache();
		disconnecting.subscribe();
		await().atMost(Duration.ofSeconds(10)).until(gated::isHolding);

		StepVerifier.create(held.accessToken())
			.expectError(MarketigerAccountNotConnectedException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(sessions.session("alice")).isNotSameAs(held);
		assertThat(this.store.load("alice").block(TIMEOUT)).isNotNull();

		gated.release();
		disconnecting.block(Duration.ofSeconds(10));
		assertThat(this.store.load("alice").block(TIMEOUT)).isNull();
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void refreshTokenSpentByARenewalThatEndedAfterADisconnectIsNeverSentAgain(boolean sameInstance) {
		this.api.user("alice", 1);
		GatedTokenStore gated = new GatedTokenStore(this.store);
		TokenSessions renewingInstance = new TokenSessions(template(gated).settings(), Duration.ofMinutes(30), 100,
				true);
		TokenSessions otherInstance = sessions(100, false);
		renewingInstance.connect("alice", credentials("alice")).block(TIMEOUT);
		TokenRefreshService held = renewingInstance.session("alice");
		held.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME);
		gated.holdWrites();
		Mono<String> renewing = held.accessToken().cache();
		renewing.subscribe((token) -> {
		}, (ex) -> {
		});
		await().atMost(Duration.ofSeconds(10)).until(gated::isHolding);
		(sameInstance ? renewingInstance : otherInstance).disconnect("alice").block(TIMEOUT);
		gated.release();
		StepVerifier.create(renewing)
			.expectError(MarketigerAccountNotConnectedException.class)
			.verify(Duration.ofSeconds(10));

		StepVerifier.create(held.accessToken())
			.expectError(MarketigerAccountNotConnectedException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.api.refreshCount("alice")).isOne();
		assertThat(this.api.loginCount("alice")).isOne();
		assertThat(renewingInstance.session("alice")).isNotSameAs(held);
	}

	@Test
	void refreshRejectedAfterADisconnectLeavesNoPairToHandOut() {
		this.api.user("alice", 0);
		this.wireMock.getWireMock()
			.register(WireMock.post(WireMock.urlEqualTo(AuthApiStub.REFRESH))
				.atPriority(1)
				.willReturn(AuthApiStub.refreshRejected().withFixedDelay(1500)));
		TokenSessions sessions = sessions(100, false);
		sessions.connect("alice", credentials("alice")).block(TIMEOUT);
		TokenRefreshService held = sessions.session("alice");
		held.accessToken().block(TIMEOUT);
		// Stale: the token is still valid, and a background refresh starts.
		this.clock.advance(LIFETIME.minusSeconds(30));
		held.accessToken().block(TIMEOUT);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !this.wireMock.getWireMock()
				.find(WireMock.postRequestedFor(WireMock.urlEqualTo(AuthApiStub.REFRESH)))
				.isEmpty());
		sessions.disconnect("alice").block(TIMEOUT);
		await().atMost(Duration.ofSeconds(10)).until(() -> !held.isRenewing());

		assertThat(held.currentTokens()).isEmpty();
		StepVerifier.create(held.accessToken())
			.expectError(MarketigerAccountNotConnectedException.class)
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void isConnectedWhileTheStoredPairCanBeUsedOrRefreshed() {
		this.api.user("alice", 0).user("bob", 0);
		TokenSessions sessions = sessions(100, false);
		TokenSessions keepingCredentials = sessions(100, true);
		assertThat(sessions.isConnected("alice").block(TIMEOUT)).isFalse();

		sessions.connect("alice", credentials("alice")).block(TIMEOUT);
		keepingCredentials.connect("bob", credentials("bob")).block(TIMEOUT);
		assertThat(sessions.isConnected("alice").block(TIMEOUT)).isTrue();
		this.clock.advance(LIFETIME);
		assertThat(sessions.isConnected("alice").block(TIMEOUT)).as("expired, refreshable").isTrue();
		this.clock.advance(Duration.ofHours(13));
		assertThat(sessions.isConnected("alice").block(TIMEOUT)).as("refresh token expired").isFalse();
		assertThat(keepingCredentials.isConnected("bob").block(TIMEOUT)).as("credentials kept").isTrue();
		keepingCredentials.disconnect("bob").block(TIMEOUT);
		assertThat(keepingCredentials.isConnected("bob").block(TIMEOUT)).isFalse();
		assertThat(this.api.loginCount("alice")).isOne();
		assertThat(this.api.refreshCount("alice")).isZero();
	}

	@Test
	void serviceAccountAndBlankKeysAreNoUsersKeys() {
		TokenSessions sessions = sessions(100, false);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> sessions.session(TokenRefreshService.SERVICE_ACCOUNT_SESSION))
			.withMessageContaining("reserved for the service account");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> sessions.connect(TokenRefreshService.SERVICE_ACCOUNT_SESSION, credentials("alice")));
		assertThatIllegalArgumentException().isThrownBy(() -> sessions.disconnect(" "));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> sessions.isConnected(TokenRefreshService.SERVICE_ACCOUNT_SESSION));
		assertThatIllegalArgumentException().isThrownBy(() -> sessions.isConnected(""));
		assertThat(sessions.activeCount()).isZero();
	}

	@Test
	void rejectsNonPositiveLimits() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TokenSessions(template().settings(), Duration.ZERO, 1, false));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TokenSessions(template().settings(), Duration.ofMinutes(1), 0, false));
		assertThat(sessions(7, false)).hasToString("TokenSessions[active=0, maxActive=7, idleTimeout=PT30M]");
		assertThat(sessions(7, false).getMaxActive()).isEqualTo(7);
		assertThat(sessions(7, false).getIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
		assertThat(sessions(7, false).isKeepAlive()).isFalse();
	}

	private Credentials credentials(String user) {
		return new Credentials(UsersApiStub.email(user), UsersApiStub.PASSWORD);
	}

	private TokenSessions sessions(int maxActive, boolean storeCredentials) {
		return new TokenSessions(template().settings(), Duration.ofMinutes(30), maxActive, storeCredentials);
	}

	private TokenRefreshServiceBuilder template() {
		return template(this.store);
	}

	private TokenRefreshServiceBuilder template(TokenStore store) {
		MarketigerAuthClient client = MarketigerAuthClient
			.builder(java.net.URI.create(this.wireMock.getHttpBaseUrl() + "/v2"))
			.clock(this.clock)
			.build();
		return TokenRefreshService.builder(client, store)
			.clock(this.clock)
			.retryPolicy(new RetryPolicy(4, Duration.ofMillis(10), Duration.ofSeconds(2)))
			.eventPublisher(this.events::add);
	}

}
