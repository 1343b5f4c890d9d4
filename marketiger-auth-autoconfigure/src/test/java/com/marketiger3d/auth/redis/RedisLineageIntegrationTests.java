package com.marketiger3d.auth.redis;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.MutableClock;
import com.marketiger3d.auth.test.StrictAuthServer;
import com.marketiger3d.auth.test.TestRedis;
import com.marketiger3d.auth.token.RetryPolicy;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenRefreshServiceBuilder;
import com.marketiger3d.auth.token.TokenStoreRollbackException;
import com.marketiger3d.auth.token.TokenStoreUnavailableException;
import com.marketiger3d.auth.token.TokenVersions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Several instances sharing one Redis and one strict API with token families, through
 * lost keys, a Redis restart and an instance started while Redis is down: no refresh
 * token is ever sent twice, so the API never revokes the session.
 */
class RedisLineageIntegrationTests {

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration LEASE_TIME = Duration.ofSeconds(2);

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	private final String keyPrefix = TestRedis.randomKeyPrefix();

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	private final StrictAuthServer api = new StrictAuthServer(this.clock, LIFETIME);

	@AfterEach
	void cleanUp() {
		LettuceConnectionFactory cleaner = TestRedis.connectionFactory();
		try {
			TestRedis.deleteKeys(cleaner, this.keyPrefix);
		}
		finally {
			cleaner.destroy();
			this.factories.forEach(LettuceConnectionFactory::destroy);
			this.api.close();
		}
	}

	@Test
	void fourInstancesServeEveryCallAndNeverReuseARefreshTokenWhenTheSessionsKeysAreDeletedTwice() {
		List<TokenRefreshService> instances = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			instances.add(instance(TestRedis.connectionFactory()).credentials(credentials()).build());
		}
		assertServed(hammer(instances));
		for (int lifetime = 1; lifetime <= 6; lifetime++) {
			if (lifetime == 2 || lifetime == 5) {
				// Every key of the session is gone while the instances hold its pair.
				deleteSessionKeys();
			}
			if (lifetime % 2 == 0) {
				// Stale: served from memory, one background renewal for the cluster.
				this.clock.advance(LIFETIME.minusSeconds(30));
				assertServed(hammer(instances));
				instances.forEach(RedisLineageIntegrationTests::awaitIdle);
				this.clock.advance(Duration.ofSeconds(30));
			}
			else {
				// Expired: every caller waits for the one renewal.
				this.clock.advance(LIFETIME);
			}
			List<String> tokens = hammer(instances);
			assertServed(tokens);
			assertThat(tokens).as("the cluster converges on one pair in lifetime %d", lifetime)
				.containsOnly(tokens.get(0));
		}

		assertThat(this.api.reusedRefreshTokens()).isZero();
		assertThat(this.api.revokedFamilies()).isZero();
		// One login at start, and one per loss: a lost pair is never refreshed from a
		// copy.
		assertThat(this.api.logins()).isEqualTo(3);
		assertThat(this.api.refreshes()).isEqualTo(4);
	}

	@Test
	void anInstanceStartedWhileRedisIsDownNeverSendsConfiguredTokensAnotherInstanceRotated() throws Exception {
		String[] configured = this.api.issue();
		IssuedTokens tokens = new IssuedTokens(configured[0], configured[1]);
		try (TestRedis.Server redis = TestRedis.Server.start()) {
			TokenRefreshService first = instance(TestRedis.connectionFactory("127.0.0.1", redis.port()))
				.initialTokens(tokens)
				.build();
			assertThat(first.accessToken().block(TIMEOUT)).isEqualTo(configured[0]);
			this.clock.advance(LIFETIME);
			String rotated = first.accessToken().block(TIMEOUT);
			assertThat(this.api.accepts(rotated)).isTrue();
			assertThat(this.api.refreshes()).isOne();

			redis.kill();
			long stoppedAt = System.nanoTime();
			TokenRefreshService late = instance(TestRedis.connectionFactory("127.0.0.1", redis.port()))
				.initialTokens(tokens)
				.build();
			this.clock.advance(Duration.ofSeconds(1));
			assertThatExceptionOfType(TokenStoreUnavailableException.class)
				.isThrownBy(() -> late.accessToken().block(TIMEOUT));
			// Also once it may renew alone: the configured tokens wait for the store.
			// Only an unbroken run of failures longer than the lease time counts as an
			// outage, so the instance keeps asking (every poll fails) until it may.
			this.clock.advance(Duration.ofSeconds(1));
			String refusal = await().atMost(TIMEOUT)
				.pollInterval(LEASE_TIME.dividedBy(20))
				.until(() -> unavailable(late), (message) -> message.contains("configured tokens are not used"));
			assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isGreaterThanOrEqualTo(LEASE_TIME);
			assertThat(refusal).doesNotContain(configured[0], configured[1]);
			assertThat(this.api.refreshes()).isOne();
			assertThat(this.api.reusedRefreshTokens()).isZero();
		}
	}

	@Test
	void anInstanceRestartedWithConfiguredTokensAdoptsTheNewerStoredPairAndNeverSendsThem() {
		String[] configured = this.api.issue();
		IssuedTokens tokens = new IssuedTokens(configured[0], configured[1]);
		TokenRefreshService first = instance(TestRedis.connectionFactory()).initialTokens(tokens).build();
		assertThat(first.accessToken().block(TIMEOUT)).isEqualTo(configured[0]);
		this.clock.advance(LIFETIME);
		String rotated = first.accessToken().block(TIMEOUT);

		TokenRefreshService restarted = instance(TestRedis.connectionFactory()).initialTokens(tokens).build();
		assertThat(restarted.accessToken().block(TIMEOUT)).isEqualTo(rotated);
		this.clock.advance(LIFETIME);
		assertServed(List.of(restarted.accessToken().block(TIMEOUT), first.accessToken().block(TIMEOUT)));
		assertThat(this.api.refreshes()).isEqualTo(2);
		assertThat(this.api.reusedRefreshTokens()).isZero();
	}

	@Test
	void anInstanceStartedAfterThePairWasLostDoesNotWriteTheConfiguredTokensAgain() {
		String[] configured = this.api.issue();
		IssuedTokens tokens = new IssuedTokens(configured[0], configured[1]);
		LettuceConnectionFactory redis = TestRedis.connectionFactory();
		TokenRefreshService first = instance(redis).initialTokens(tokens).build();
		assertThat(first.accessToken().block(TIMEOUT)).isEqualTo(configured[0]);
		this.clock.advance(LIFETIME);
		assertServed(List.of(first.accessToken().block(TIMEOUT)));
		RedisTokenStore store = RedisTokenStore.builder(redis).keyPrefix(this.keyPrefix).build();
		new ReactiveStringRedisTemplate(redis).delete(store.pairKey(TokenRefreshService.SERVICE_ACCOUNT_SESSION))
			.block(TIMEOUT);

		TokenRefreshService late = instance(TestRedis.connectionFactory()).initialTokens(tokens).build();
		assertThatExceptionOfType(ReauthenticationRequiredException.class)
			.isThrownBy(() -> late.accessToken().block(TIMEOUT))
			.withMessageContaining("configured tokens were written to the token store before");
		assertThat(this.api.refreshes()).isOne();
		assertThat(this.api.reusedRefreshTokens()).isZero();
	}

	@Test
	void anInstanceWithCredentialsStartedWhileRedisIsDownLogsInInsteadOfUsingConfiguredTokens() throws Exception {
		String[] configured = this.api.issue();
		this.api.refresh(configured[1]);
		try (TestRedis.Server redis = TestRedis.Server.start()) {
			redis.kill();
			long stoppedAt = System.nanoTime();
			TokenRefreshService late = instance(TestRedis.connectionFactory("127.0.0.1", redis.port()))
				.initialTokens(new IssuedTokens(configured[0], configured[1]))
				.credentials(credentials())
				.build();
			await().atMost(TIMEOUT).until(() -> System.nanoTime() - stoppedAt > LEASE_TIME.toNanos() * 2);

			await().atMost(TIMEOUT)
				.ignoreExceptionsInstanceOf(TokenStoreUnavailableException.class)
				.until(() -> this.api.accepts(late.accessToken().block(TIMEOUT)));
			assertThat(this.api.logins()).isOne();
			assertThat(this.api.reusedRefreshTokens()).isZero();
		}
	}

	@Test
	void whenRedisRestartsEmptyMidRunCallsAreServedAndTheClusterConvergesOnOneLineage() throws Exception {
		try (TestRedis.Server redis = TestRedis.Server.start()) {
			List<TokenRefreshService> instances = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				instances
					.add(instance(TestRedis.connectionFactory("127.0.0.1", redis.port())).credentials(credentials())
						.build());
			}
			assertServed(hammer(instances));
			this.clock.advance(LIFETIME);
			assertServed(hammer(instances));

			redis.kill();
			this.clock.advance(Duration.ofMinutes(2));
			List<String> whileDown = hammer(instances);
			assertServed(whileDown);
			assertThat(whileDown).containsOnly(whileDown.get(0));

			redis.restart();
			this.clock.advance(LIFETIME);
			await().atMost(TIMEOUT)
				.ignoreExceptionsInstanceOf(TokenStoreUnavailableException.class)
				.until(() -> hammer(instances).stream().allMatch(this.api::accepts));
			List<String> after = hammer(instances);
			assertServed(after);
			assertThat(after).as("one lineage").containsOnly(after.get(0));
			assertThat(this.api.reusedRefreshTokens()).isZero();
			assertThat(this.api.revokedFamilies()).isZero();
			assertThat(this.api.logins()).isEqualTo(2);
		}
	}

	@Test
	void withoutCredentialsALostPairIsWrittenBackOnlyWhenTheStoreShowsTheCopyIsItsLast() {
		String[] configured = this.api.issue();
		IssuedTokens tokens = new IssuedTokens(configured[0], configured[1]);
		LettuceConnectionFactory redis = TestRedis.connectionFactory();
		TokenRefreshService first = instance(redis).initialTokens(tokens).build();
		TokenRefreshService second = instance(TestRedis.connectionFactory()).initialTokens(tokens).build();
		assertThat(first.accessToken().block(TIMEOUT)).isEqualTo(configured[0]);
		assertThat(second.accessToken().block(TIMEOUT)).isEqualTo(configured[0]);
		RedisTokenStore store = RedisTokenStore.builder(redis).keyPrefix(this.keyPrefix).build();

		// Only the pair is lost: the lineage key shows that the copy is the last pair.
		new ReactiveStringRedisTemplate(redis).delete(store.pairKey(TokenRefreshService.SERVICE_ACCOUNT_SESSION))
			.block(TIMEOUT);
		this.clock.advance(LIFETIME);
		assertServed(List.of(second.accessToken().block(TIMEOUT), first.accessToken().block(TIMEOUT)));
		assertThat(this.api.refreshes()).isOne();

		// Every key is lost: no instance can show that its copy is the newest.
		deleteSessionKeys();
		this.clock.advance(LIFETIME);
		assertThatExceptionOfType(ReauthenticationRequiredException.class)
			.isThrownBy(() -> first.accessToken().block(TIMEOUT))
			.withMessageContaining("lost its pair");
		assertThat(this.api.refreshes()).isOne();
		assertThat(this.api.reusedRefreshTokens()).isZero();
	}

	@Test
	void rollbackSwapAndPlainTextPairsWrittenIntoRedisAreRefusedWithATypedErrorAndNothingIsSent() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		LettuceConnectionFactory redis = TestRedis.connectionFactory();
		TokenRefreshService service = instance(redis, key).credentials(credentials()).build();
		RedisTokenStore store = RedisTokenStore.builder(redis).keyPrefix(this.keyPrefix).encryptionKey(key).build();
		ReactiveStringRedisTemplate raw = new ReactiveStringRedisTemplate(redis);
		String pairKey = store.pairKey(TokenRefreshService.SERVICE_ACCOUNT_SESSION);
		service.accessToken().block(TIMEOUT);
		Map<Object, Object> older = raw.opsForHash()
			.entries(pairKey)
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.block(TIMEOUT);
		this.clock.advance(LIFETIME);
		assertServed(List.of(service.accessToken().block(TIMEOUT)));
		int logins = this.api.logins();
		int refreshes = this.api.refreshes();

		// The older sealed pair, whole, with its own version.
		raw.opsForHash().putAll(pairKey, older).block(TIMEOUT);
		this.clock.advance(LIFETIME);
		assertThatExceptionOfType(TokenStoreRollbackException.class)
			.isThrownBy(() -> service.accessToken().block(TIMEOUT));

		// Another session's sealed pair.
		store.replace("another-user@example.test", 0,
				store.load(TokenRefreshService.SERVICE_ACCOUNT_SESSION).map((stored) -> stored.pair()).block(TIMEOUT))
			.block(TIMEOUT);
		Map<Object, Object> another = raw.opsForHash()
			.entries(store.pairKey("another-user@example.test"))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.block(TIMEOUT);
		raw.opsForHash().putAll(pairKey, another).block(TIMEOUT);
		// Past the failed renewal's backoff.
		this.clock.advance(Duration.ofSeconds(1));
		assertThatExceptionOfType(TokenDecryptionException.class)
			.isThrownBy(() -> service.accessToken().block(TIMEOUT));

		// A plain pair of the attacker's account.
		String[] planted = this.api.issue();
		raw.opsForHash()
			.putAll(pairKey,
					Map.of("version", Long.toString(TokenVersions.next(0)), "key-id", "", "pair",
							"{\"accessToken\":\"" + planted[0] + "\",\"refreshToken\":\"" + planted[1]
									+ "\",\"obtainedAt\":0,\"accessTokenExpiresAt\":0}"))
			.block(TIMEOUT);
		this.clock.advance(Duration.ofSeconds(1));
		assertThatExceptionOfType(TokenDecryptionException.class).isThrownBy(() -> service.accessToken().block(TIMEOUT))
			.withMessageContaining("plain text");

		assertThat(this.api.logins()).isEqualTo(logins);
		assertThat(this.api.refreshes()).isEqualTo(refreshes);
	}

	private void deleteSessionKeys() {
		LettuceConnectionFactory cleaner = TestRedis.connectionFactory();
		try {
			TestRedis.deleteKeys(cleaner, this.keyPrefix);
		}
		finally {
			cleaner.destroy();
		}
	}

	private void assertServed(List<String> tokens) {
		assertThat(tokens).isNotEmpty().allSatisfy((token) -> assertThat(this.api.accepts(token)).isTrue());
	}

	private TokenRefreshServiceBuilder instance(LettuceConnectionFactory redis) {
		return instance(redis, null);
	}

	private TokenRefreshServiceBuilder instance(LettuceConnectionFactory redis, byte[] encryptionKey) {
		this.factories.add(redis);
		MarketigerAuthClient client = MarketigerAuthClient.builder(URI.create(this.api.baseUrl()))
			.clock(this.clock)
			.build();
		RedisRefreshCoordinator coordinator = RedisRefreshCoordinator.builder(redis)
			.keyPrefix(this.keyPrefix)
			.leaseTime(LEASE_TIME)
			.maxCallDuration(LEASE_TIME.dividedBy(2))
			.build();
		RedisTokenStore store = RedisTokenStore.builder(redis)
			.keyPrefix(this.keyPrefix)
			.timeout(LEASE_TIME.dividedBy(6))
			.encryptionKey(encryptionKey)
			.build();
		return TokenRefreshService.builder(client, store)
			.coordinator(coordinator)
			.clock(this.clock)
			.retryPolicy(new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(200)));
	}

	/**
	 * Return the message of the {@link TokenStoreUnavailableException} a call for a token
	 * fails with; any other outcome fails the test.
	 */
	private static String unavailable(TokenRefreshService service) {
		Throwable thrown = catchThrowable(() -> service.accessToken().block(TIMEOUT));
		assertThat(thrown).isInstanceOf(TokenStoreUnavailableException.class);
		return thrown.getMessage();
	}

	private static Credentials credentials() {
		return new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD);
	}

	private static List<String> hammer(List<TokenRefreshService> instances) {
		int callers = instances.size() * 100;
		return Flux.range(0, callers)
			.flatMap((i) -> instances.get(i % instances.size()).accessToken().subscribeOn(Schedulers.parallel()),
					callers)
			.collectList()
			.block(TIMEOUT);
	}

	private static void awaitIdle(TokenRefreshService service) {
		await().pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(2))
			.atMost(TIMEOUT)
			.until(() -> !service.isRenewing());
	}

}
