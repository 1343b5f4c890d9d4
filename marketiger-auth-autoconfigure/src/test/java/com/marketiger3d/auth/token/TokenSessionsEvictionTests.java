package com.marketiger3d.auth.token;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.test.MutableClock;
import com.marketiger3d.auth.test.TestJwts;
import com.marketiger3d.auth.test.UsersApiStub;
import com.marketiger3d.auth.test.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of when {@link TokenSessions} drops sessions' services from memory: idle ones,
 * swept every half idle timeout, by the timer or at a use, and beyond the maximum the
 * least recently used. Apart from the tests of the timer with renewals, only
 * {@link TokenSessions#session} is called, so nothing is sent to the API.
 */
@WireMockTest
class TokenSessionsEvictionTests {

	private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	/** The timer's tests run on virtual time: the clock reads this scheduler. */
	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private final VirtualClock virtualClock = new VirtualClock(Instant.parse("2026-03-01T08:00:00Z"), this.scheduler);

	private TokenServiceSettings settings;

	private WireMockRuntimeInfo wireMock;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wireMock) {
		this.wireMock = wireMock;
		MarketigerAuthClient client = MarketigerAuthClient.builder(URI.create(wireMock.getHttpBaseUrl() + "/v2"))
			.clock(this.clock)
			.build();
		this.settings = TokenRefreshService.builder(client, new InMemoryTokenStore()).clock(this.clock).settings();
	}

	@AfterEach
	void disposeScheduler() {
		this.scheduler.dispose();
	}

	@Test
	void idleSessionLeavesMemoryAfterTheIdleTimeoutWithoutAnyOtherSessionBeingUsed() {
		TokenSessions sessions = new TokenSessions(virtualSettings(new InMemoryTokenStore()), IDLE_TIMEOUT, 100, false);
		TokenRefreshService alice = sessions.session("alice");

		this.scheduler.advanceTimeBy(Duration.ofMinutes(29));
		assertThat(sessions.activeCount()).as("idle for 29 minutes").isOne();

		this.scheduler.advanceTimeBy(Duration.ofMinutes(1));
		assertThat(sessions.activeCount()).as("idle for the idle timeout, swept by the timer").isZero();
		assertThat(sessions.session("alice")).isNotSameAs(alice);
	}

	@Test
	void timerSweepsEveryHalfTimeoutAndKeepsSessionsUsedWithinTheTimeout() {
		TokenSessions sessions = new TokenSessions(virtualSettings(new InMemoryTokenStore()), IDLE_TIMEOUT, 100, false);
		sessions.session("alice");
		this.scheduler.advanceTimeBy(Duration.ofMinutes(20));
		TokenRefreshService bob = sessions.session("bob");

		// 30 minutes: alice leaves, bob (idle for 10) stays
		this.scheduler.advanceTimeBy(Duration.ofMinutes(10));
		assertThat(sessions.activeCount()).isOne();
		// 45 minutes: bob idle for 25
		this.scheduler.advanceTimeBy(Duration.ofMinutes(15));
		assertThat(sessions.session("bob")).isSameAs(bob);
		// 75 minutes: the sweep at 75 finds bob idle for exactly the timeout
		this.scheduler.advanceTimeBy(Duration.ofMinutes(29));
		assertThat(sessions.activeCount()).isOne();
		this.scheduler.advanceTimeBy(Duration.ofMinutes(1));
		assertThat(sessions.activeCount()).isZero();
	}

	@Test
	void closedSessionsStopTheTimer() {
		TokenSessions sessions = new TokenSessions(virtualSettings(new InMemoryTokenStore()), IDLE_TIMEOUT, 100, false);
		sessions.session("alice");

		sessions.close();
		this.scheduler.advanceTimeBy(Duration.ofHours(2));

		assertThat(sessions.activeCount()).as("no sweep ran").isOne();
	}

	@Test
	void sessionRenewingWhenTheTimerSweepsStaysAndLeavesAtTheFirstSweepAfterItsRenewal() {
		InMemoryTokenStore store = new InMemoryTokenStore();
		String access = TestJwts.issued(this.virtualClock.instant(), Duration.ofHours(2));
		store
			.replace("alice", 0,
					TokenTiming.defaults().issued(new IssuedTokens(access, "refresh-1"), this.virtualClock.instant()))
			.block(Duration.ofSeconds(10));
		HeldLoads held = new HeldLoads(store);
		TokenSessions sessions = new TokenSessions(virtualSettings(held), IDLE_TIMEOUT, 100, false);
		TokenRefreshService alice = sessions.session("alice");
		// The first use reads the store: the renewal waits for the held read.
		List<String> tokens = new CopyOnWriteArrayList<>();
		alice.accessToken().subscribe(tokens::add);
		assertThat(alice.isRenewing()).isTrue();

		this.scheduler.advanceTimeBy(Duration.ofMinutes(31));
		assertThat(sessions.activeCount()).as("renewing, idle for 31 minutes").isOne();

		held.release();
		assertThat(tokens).containsExactly(access);
		assertThat(alice.isRenewing()).isFalse();
		assertThat(sessions.activeCount()).isOne();
		this.scheduler.advanceTimeBy(Duration.ofMinutes(14));
		assertThat(sessions.activeCount()).as("the sweep at 45 minutes").isZero();
	}

	@Test
	void servicesOfOneSessionThatTheTimerEvictedNeverRefreshAtTheSameTime() {
		Duration lifetime = Duration.ofMinutes(5);
		UsersApiStub api = new UsersApiStub(this.wireMock.getWireMock(), lifetime).user("alice", 1);
		TokenSessions sessions = new TokenSessions(virtualSettings(new InMemoryTokenStore()), Duration.ofMinutes(2),
				100, false);
		sessions.connect("alice", new Credentials(UsersApiStub.email("alice"), UsersApiStub.PASSWORD))
			.block(Duration.ofSeconds(30));
		TokenRefreshService first = sessions.session("alice");
		first.accessToken().block(Duration.ofSeconds(30));
		// A caller holds the service while the timer pushes it out of memory.
		this.scheduler.advanceTimeBy(Duration.ofMinutes(2));
		assertThat(sessions.activeCount()).isZero();
		TokenRefreshService second = sessions.session("alice");
		assertThat(second).isNotSameAs(first);
		this.scheduler.advanceTimeBy(Duration.ofMinutes(3));

		List<String> tokens = Flux.range(0, 200)
			.flatMap((i) -> ((i % 2 == 0) ? first : second).accessToken().subscribeOn(Schedulers.parallel()), 200)
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(tokens).containsOnly(api.accessToken("alice", 1));
		assertThat(api.refreshCount("alice")).isOne();
	}

	@Test
	void firstIdleSweepIsDueOneIdleTimeoutAfterTheSessionsWereMade() {
		TokenSessions sessions = new TokenSessions(this.settings, IDLE_TIMEOUT, 100, false);
		sessions.session("alice");
		this.clock.advance(Duration.ofMinutes(20));
		TokenRefreshService bob = sessions.session("bob");

		this.clock.advance(Duration.ofMinutes(11));
		sessions.session("carol");

		assertThat(sessions.activeCount()).as("alice, idle for 31 minutes, left").isEqualTo(2);
		assertThat(sessions.session("bob")).isSameAs(bob);
	}

	@Test
	void sessionIdleForTheIdleTimeoutLeavesAtTheNextUseAndLaterSweepsFollowEveryHalfTimeout() {
		TokenSessions sessions = new TokenSessions(this.settings, IDLE_TIMEOUT, 100, false);
		TokenRefreshService alice = sessions.session("alice");
		this.clock.advance(Duration.ofMinutes(10));
		TokenRefreshService bob = sessions.session("bob");

		// 30 minutes: the sweep is due, and alice was idle for exactly the timeout.
		this.clock.advance(Duration.ofMinutes(20));
		sessions.session("carol");
		assertThat(sessions.activeCount()).as("bob and carol").isEqualTo(2);

		// 40 minutes: bob is idle for the timeout, but the next sweep is due at 45.
		this.clock.advance(Duration.ofMinutes(10));
		sessions.session("dave");
		assertThat(sessions.activeCount()).as("bob, carol and dave").isEqualTo(3);

		// 45 minutes: half an idle timeout after the last sweep, bob leaves.
		this.clock.advance(Duration.ofMinutes(5));
		sessions.session("eve");
		assertThat(sessions.activeCount()).as("carol, dave and eve").isEqualTo(3);

		assertThat(sessions.session("alice")).isNotSameAs(alice);
		assertThat(sessions.session("bob")).isNotSameAs(bob);
	}

	@Test
	void beyondTheMaximumTheLeastRecentlyUsedLeaveDownToNinetyPercentOfIt() {
		TokenSessions sessions = new TokenSessions(this.settings, IDLE_TIMEOUT, 10, false);
		Map<String, TokenRefreshService> services = new LinkedHashMap<>();
		for (int i = 0; i < 10; i++) {
			services.put("user-" + i, sessions.session("user-" + i));
		}
		sessions.session("user-0");

		services.put("user-10", sessions.session("user-10"));

		assertThat(sessions.activeCount()).isEqualTo(9);
		services.forEach((key, service) -> {
			if (key.equals("user-1") || key.equals("user-2")) {
				return;
			}
			assertThat(sessions.session(key)).as(key).isSameAs(service);
		});
		assertThat(sessions.session("user-1")).isNotSameAs(services.get("user-1"));
		assertThat(sessions.activeCount()).isEqualTo(10);
	}

	@Test
	void idleSweepOfAFullMemoryWithNoIdleSessionDropsNone() {
		TokenSessions sessions = new TokenSessions(this.settings, IDLE_TIMEOUT, 10, false);
		this.clock.advance(Duration.ofMinutes(25));
		for (int i = 0; i < 10; i++) {
			sessions.session("user-" + i);
		}

		this.clock.advance(Duration.ofMinutes(5));
		sessions.session("user-0");

		assertThat(sessions.activeCount()).isEqualTo(10);
	}

	private TokenServiceSettings virtualSettings(TokenStore store) {
		MarketigerAuthClient client = MarketigerAuthClient.builder(URI.create(this.wireMock.getHttpBaseUrl() + "/v2"))
			.clock(this.virtualClock)
			.build();
		return TokenRefreshService.builder(client, store).clock(this.virtualClock).scheduler(this.scheduler).settings();
	}

	/** A store whose reads wait until the test releases them. */
	private static final class HeldLoads implements TokenStore {

		private final TokenStore delegate;

		private final Sinks.Empty<Void> gate = Sinks.empty();

		HeldLoads(TokenStore delegate) {
			this.delegate = delegate;
		}

		void release() {
			this.gate.tryEmitEmpty();
		}

		@Override
		public Mono<StoredTokenPair> load(String sessionKey) {
			return this.gate.asMono().then(Mono.defer(() -> this.delegate.load(sessionKey)));
		}

		@Override
		public Mono<StoredTokenPair> replace(String sessionKey, long expectedVersion, TokenPair pair) {
			return this.delegate.replace(sessionKey, expectedVersion, pair);
		}

		@Override
		public Mono<Void> delete(String sessionKey) {
			return this.delegate.delete(sessionKey);
		}

	}

}
