package com.marketiger3d.auth.redis;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.TestRedis;
import com.marketiger3d.auth.test.VirtualClock;
import com.marketiger3d.auth.token.TokenKeepAlive;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenTiming;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Keep-alive in a cluster: two instances handed tokens only, sharing one Redis, idle for
 * three refresh-token lifetimes on Reactor's virtual time. The sessions' timers are
 * virtual; Redis, the lease and the API answer in real time.
 */
@WireMockTest
class RedisKeepAliveIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofMinutes(30);

	private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private final Clock clock = new VirtualClock(START, this.scheduler);

	private final String keyPrefix = TestRedis.randomKeyPrefix();

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	private WireMockRuntimeInfo wireMock;

	private AuthApiStub api;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wireMock) {
		this.wireMock = wireMock;
		this.api = new AuthApiStub(wireMock.getWireMock(), Duration.ofMinutes(5)).loginThenRotations(8);
	}

	@AfterEach
	void cleanUp() {
		LettuceConnectionFactory cleaner = TestRedis.connectionFactory();
		try {
			TestRedis.deleteKeys(cleaner, this.keyPrefix);
		}
		finally {
			cleaner.destroy();
			this.factories.forEach(LettuceConnectionFactory::destroy);
			this.scheduler.dispose();
		}
	}

	@Test
	void idleInstancesKeepTheSessionWithOneRefreshPerLifetimeBetweenThem() {
		TokenRefreshService first = instance();
		TokenRefreshService second = instance();
		// The configured access token expired long ago: the first call refreshes it.
		assertThat(first.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(1));
		assertThat(second.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(1));
		TokenKeepAlive firstKeepAlive = first.keepAlive().start();
		TokenKeepAlive secondKeepAlive = second.keepAlive().start();

		for (long minute = 0; minute < REFRESH_TOKEN_LIFETIME.multipliedBy(3).toMinutes(); minute++) {
			this.scheduler.advanceTimeBy(Duration.ofMinutes(1));
			awaitIdle(first);
			awaitIdle(second);
		}

		// Both timers fire at 27 minutes into each lifetime; one instance refreshes, the
		// other adopts its pair.
		assertThat(this.api.refreshCount()).isEqualTo(1 + 3);
		assertThat(sentRefreshTokens()).containsExactly(this.api.refreshToken(0), this.api.refreshToken(1),
				this.api.refreshToken(2), this.api.refreshToken(3));
		assertThat(this.api.loginCount()).isZero();
		assertThat(first.currentTokens()).get().isEqualTo(second.currentTokens().get());
		firstKeepAlive.dispose();
		secondKeepAlive.dispose();
	}

	private TokenRefreshService instance() {
		LettuceConnectionFactory redis = TestRedis.connectionFactory();
		this.factories.add(redis);
		Duration leaseTime = Duration.ofSeconds(5);
		MarketigerAuthClient client = MarketigerAuthClient.builder(URI.create(this.wireMock.getHttpBaseUrl() + "/v2"))
			.clock(this.clock)
			.build();
		RedisRefreshCoordinator coordinator = RedisRefreshCoordinator.builder(redis)
			.keyPrefix(this.keyPrefix)
			.leaseTime(leaseTime)
			.maxCallDuration(leaseTime.dividedBy(2))
			.build();
		return TokenRefreshService
			.builder(client,
					RedisTokenStore.builder(redis).keyPrefix(this.keyPrefix).timeout(Duration.ofSeconds(1)).build())
			.coordinator(coordinator)
			.initialTokens(new IssuedTokens(this.api.accessToken(0), this.api.refreshToken(0)))
			.timing(new TokenTiming(Duration.ofSeconds(60), Duration.ofSeconds(10), REFRESH_TOKEN_LIFETIME,
					Duration.ofMinutes(5)))
			.clock(this.clock)
			.scheduler(this.scheduler)
			.build();
	}

	private List<String> sentRefreshTokens() {
		JsonMapper json = JsonMapper.builder().build();
		List<String> sent = new ArrayList<>();
		for (LoggedRequest request : this.api.refreshRequests()) {
			sent.add(json.readTree(request.getBodyAsString()).path("refreshToken").asString());
		}
		return sent;
	}

	private static void awaitIdle(TokenRefreshService service) {
		await().pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(2))
			.atMost(Duration.ofSeconds(10))
			.until(() -> !service.isRenewing());
	}

}
