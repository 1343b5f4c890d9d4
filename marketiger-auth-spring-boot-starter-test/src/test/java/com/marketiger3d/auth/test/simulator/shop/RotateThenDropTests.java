package com.marketiger3d.auth.test.simulator.shop;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.marketiger3d.auth.test.simulator.AutoConfigureMarketigerSimulator;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.simulator.FaultKind;
import com.marketiger3d.simulator.MarketigerSimulator;
import com.marketiger3d.simulator.MutableClock;
import com.marketiger3d.simulator.RefreshRejection;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shop against a simulator that, for 30% of auth calls, does the work and then closes
 * the connection without an answer: a RefreshToken whose rotation the starter never
 * learns of. The simulator revokes the whole session when a spent refresh token comes
 * back, so a single repeat would show as a rejected refresh and a revoked session.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@AutoConfigureMarketigerSimulator(accessTokenLifetime = "2m", errorRate = 0.3,
		errorKinds = FaultKind.DROPPED_AFTER_PROCESSING)
@Import(ShopClock.class)
class RotateThenDropTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(1);

	private static final int CALLERS = 16;

	@Autowired
	private MarketigerSimulator simulator;

	@Autowired
	private Orders orders;

	@Autowired
	private MutableClock clock;

	@Autowired
	private TokenRefreshService tokens;

	@Test
	void sixteenCallersOverSeventeenLifetimesNeverFailNeverRepeatARefreshTokenAndKeepTheSession() {
		this.simulator.faults().seed(7);
		int rounds = 30;
		for (int round = 0; round < rounds; round++) {
			List<Map<String, Object>> answers = Flux.range(0, CALLERS)
				.flatMap((caller) -> this.orders.create(Map.of("modelId", "m-" + caller, "quantity", 1)))
				.collectList()
				.block(TIMEOUT);
			assertThat(answers).as("answers of round %d", round)
				.hasSize(CALLERS)
				.allSatisfy((answer) -> assertThat(answer).containsEntry("success", true));
			// Time moves only between renewals, as it does for a call that takes
			// milliseconds: past the point where the token is renewed ahead of its
			// expiry, and in every other round past its expiry too.
			await().atMost(TIMEOUT).until(() -> !this.tokens.isRenewing());
			this.clock.advance(Duration.ofSeconds(70));
		}
		assertThat(this.simulator.counters().apiCallsOk()).isEqualTo((long) rounds * CALLERS);
		assertThat(this.simulator.counters().apiCallsUnauthorized()).isZero();
		assertThat(this.simulator.counters().injectedFaults()).isGreaterThanOrEqualTo(5);
		assertThat(this.simulator.counters().refreshes()).isGreaterThanOrEqualTo(10);
		assertThat(this.simulator.counters().rejectedRefreshes(RefreshRejection.REUSED)).isZero();
		assertThat(this.simulator.counters().rejectedRefreshes()).isZero();
		assertThat(this.simulator.counters().revokedSessions()).isZero();
	}

}
