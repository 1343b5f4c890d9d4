package com.marketiger3d.auth.token;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.test.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of when {@link TokenSessions} drops sessions' services from memory: idle ones,
 * swept every half idle timeout, and beyond the maximum the least recently used. Only
 * {@link TokenSessions#session} is called, so nothing is sent to the API.
 */
@WireMockTest
class TokenSessionsEvictionTests {

	private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	private TokenServiceSettings settings;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wireMock) {
		MarketigerAuthClient client = MarketigerAuthClient.builder(URI.create(wireMock.getHttpBaseUrl() + "/v2"))
			.clock(this.clock)
			.build();
		this.settings = TokenRefreshService.builder(client, new InMemoryTokenStore()).clock(this.clock).settings();
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

}
