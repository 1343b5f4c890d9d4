package com.marketiger3d.auth.actuate;

import com.marketiger3d.auth.test.GatedTokenStore;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.test.MutableClock;
import com.marketiger3d.auth.test.UsersApiStub;
import com.marketiger3d.auth.token.InMemoryTokenStore;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenSessions;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-user gauges follow the sessions in memory and their renewals, against a
 * WireMock API, and no user's name reaches a meter.
 */
@WireMockTest
class MarketigerAuthSessionMetricsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final GatedTokenStore store = new GatedTokenStore(new InMemoryTokenStore());

	private UsersApiStub api;

	private TokenSessions sessions;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wireMock) {
		this.api = new UsersApiStub(wireMock.getWireMock(), LIFETIME);
		MarketigerAuthClient client = MarketigerAuthClient.builder(URI.create(wireMock.getHttpBaseUrl() + "/v2"))
			.clock(this.clock)
			.build();
		this.sessions = new TokenSessions(TokenRefreshService.builder(client, this.store).clock(this.clock).settings(),
				Duration.ofMinutes(30), 100, false);
		new MarketigerAuthSessionMetrics(this.sessions).bindTo(this.meters);
	}

	@Test
	void gaugesCountTheSessionsInMemoryAndThoseRenewing() {
		this.api.user("alice", 1).user("bob", 0);
		assertThat(gauge("marketiger.auth.sessions.active")).isZero();
		assertThat(gauge("marketiger.auth.sessions.renewing")).isZero();
		connect("alice");
		connect("bob");
		this.sessions.session("alice").accessToken().block(TIMEOUT);
		this.sessions.session("bob").accessToken().block(TIMEOUT);
		assertThat(gauge("marketiger.auth.sessions.active")).isEqualTo(2);
		assertThat(gauge("marketiger.auth.sessions.renewing")).isZero();

		this.clock.advance(LIFETIME);
		this.store.holdWrites();
		Mono<String> renewal = this.sessions.session("alice").accessToken().cache();
		renewal.subscribe((token) -> {
		}, (ex) -> {
		});
		await().atMost(TIMEOUT).until(this.store::isHolding);
		assertThat(gauge("marketiger.auth.sessions.renewing")).isOne();
		assertThat(gauge("marketiger.auth.sessions.active")).isEqualTo(2);

		this.store.release();
		assertThat(renewal.block(TIMEOUT)).isEqualTo(this.api.accessToken("alice", 1));
		assertThat(gauge("marketiger.auth.sessions.renewing")).isZero();
		this.sessions.disconnect("bob").block(TIMEOUT);
		assertThat(gauge("marketiger.auth.sessions.active")).isOne();
	}

	@Test
	void gaugesCarryNoTagSoNoUserNameReachesAMeter() {
		this.api.user("canary-user-31f0", 0);
		connect("canary-user-31f0");
		this.sessions.session("canary-user-31f0").accessToken().block(TIMEOUT);

		List<String> outputs = new ArrayList<>();
		for (Meter meter : this.meters.getMeters()) {
			assertThat(meter.getId().getTags()).isEmpty();
			outputs.add(meter.getId().toString());
		}
		assertThat(outputs).hasSize(2).noneSatisfy((text) -> assertThat(text).contains("canary"));
	}

	private void connect(String user) {
		this.sessions.connect(user, new Credentials(UsersApiStub.email(user), UsersApiStub.PASSWORD)).block(TIMEOUT);
	}

	private double gauge(String name) {
		return this.meters.get(name).gauge().value();
	}

}
