package com.marketiger3d.auth.redis;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.MutableClock;
import com.marketiger3d.auth.test.TestRedis;
import com.marketiger3d.auth.token.RetryPolicy;
import com.marketiger3d.auth.token.StoredTokenPair;
import com.marketiger3d.auth.token.TokenPair;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenRefreshServiceBuilder;
import com.marketiger3d.auth.token.TokenStore;
import com.marketiger3d.auth.token.TokenStoreUnavailableException;
import com.marketiger3d.auth.token.TokenVersions;
import com.marketiger3d.auth.token.event.TokenRefreshFailedEvent;
import com.marketiger3d.auth.token.event.TokenRefreshedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Several {@link TokenRefreshService} instances, each with its own local state, store,
 * coordinator and Redis connection, sharing one Redis and one strict API: the cluster
 * refreshes once per token lifetime and never sends a refresh token twice.
 */
@WireMockTest
class RedisClusterIntegrationTests {

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	private final String keyPrefix = TestRedis.randomKeyPrefix();

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private WireMockRuntimeInfo wireMock;

	private AuthApiStub api;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wireMock) {
		this.wireMock = wireMock;
		this.api = new AuthApiStub(wireMock.getWireMock(), LIFETIME);
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
		}
	}

	@Test
	void fourInstancesUnderLoadRefreshOncePerLifetimeAndNeverReuseARefreshToken() {
		int lifetimes = 6;
		this.api.loginThenRotations(lifetimes, 50);
		List<TokenRefreshService> instances = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			instances.add(instance(TestRedis.connectionFactory(), Duration.ofSeconds(30)).build());
		}

		assertThat(hammer(instances, 400)).containsOnly(this.api.accessToken(0));
		assertThat(this.api.loginCount()).isOne();
		for (int lifetime = 1; lifetime <= lifetimes; lifetime++) {
			if (lifetime % 2 == 0) {
				// Stale: every instance serves the current token and one refresh runs in
				// the background, for the whole cluster.
				this.clock.advance(LIFETIME.minusSeconds(30));
				assertThat(hammer(instances, 400)).contains(this.api.accessToken(lifetime - 1))
					.isSubsetOf(this.api.accessToken(lifetime - 1), this.api.accessToken(lifetime));
				int refreshes = lifetime;
				await().atMost(TIMEOUT).until(() -> this.api.refreshCount() == refreshes);
				instances.forEach(RedisClusterIntegrationTests::awaitIdle);
			}
			else {
				// Expired: every caller of every instance waits for the one refresh.
				this.clock.advance(LIFETIME);
			}
			assertThat(hammer(instances, 400)).as("tokens of lifetime %d", lifetime)
				.containsOnly(this.api.accessToken(lifetime));
			assertThat(this.api.refreshCount()).as("refreshes after lifetime %d", lifetime).isEqualTo(lifetime);
		}

		assertThat(this.api.loginCount()).isOne();
		assertEachRefreshTokenSentAtMostOnce();
		assertThat(sentRefreshTokens()).containsExactlyInAnyOrderElementsOf(
				java.util.stream.IntStream.range(0, lifetimes).mapToObj(this.api::refreshToken).toList());
	}

	@Test
	void whenTheLeaseHolderDiesMidRefreshAnotherInstanceTakesOverAfterTheLeaseTime() {
		Duration leaseTime = Duration.ofSeconds(2);
		this.api.loginThenRotations(1, 4000);
		LettuceConnectionFactory doomedRedis = TestRedis.connectionFactory();
		TokenRefreshService doomed = instance(doomedRedis, leaseTime).build();
		TokenRefreshService survivor = instance(TestRedis.connectionFactory(), leaseTime).build();
		assertThat(doomed.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		assertThat(survivor.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		this.clock.advance(LIFETIME);

		// The doomed instance takes the lease and sends the refresh; its caller gives up
		// and the instance dies with the lease, its call in flight.
		Disposable caller = doomed.accessToken().subscribe((token) -> {
		}, (ex) -> {
		});
		await().atMost(TIMEOUT).until(() -> this.api.refreshCount() == 1);
		caller.dispose();
		long diedAt = System.nanoTime();
		doomedRedis.destroy();

		List<String> tokens = Flux.range(0, 50)
			.flatMap((i) -> survivor.accessToken().subscribeOn(Schedulers.parallel()))
			.collectList()
			.block(TIMEOUT);
		Duration waited = Duration.ofNanos(System.nanoTime() - diedAt);

		// The refresh token died with its holder (the server rotated it): the survivor
		// tried it once, then logged in.
		assertThat(tokens).hasSize(50).containsOnly(this.api.accessToken(0));
		assertThat(waited).isGreaterThanOrEqualTo(leaseTime.minusMillis(leaseTime.toMillis() / 3));
		assertThat(this.api.loginCount()).isEqualTo(2);
		assertThat(survivor.currentTokens()).get().satisfies((pair) -> {
			assertThat(pair.accessToken()).isEqualTo(this.api.accessToken(0));
			assertThat(pair.refreshToken()).isEqualTo(this.api.refreshToken(0));
		});
		assertThat(this.api.refreshCount()).isEqualTo(2);
	}

	@Test
	void whenRedisStopsInstancesServeTheirTokenAndRefreshAloneOnlyAfterTheLeaseTime() throws Exception {
		Duration leaseTime = Duration.ofSeconds(2);
		this.api.loginThenRotations(1);
		try (TestRedis.Server redis = TestRedis.Server.start()) {
			TokenRefreshService first = instance(TestRedis.connectionFactory("127.0.0.1", redis.port()), leaseTime)
				.build();
			TokenRefreshService second = instance(TestRedis.connectionFactory("127.0.0.1", redis.port()), leaseTime)
				.build();
			assertThat(first.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
			assertThat(second.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));

			redis.kill();

			// Fresh: served from memory, Redis is not asked.
			this.clock.advance(Duration.ofMinutes(2));
			assertThat(first.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
			assertThat(second.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
			assertThat(first.isRenewing()).isFalse();

			// Stale: still served; the background renewal cannot have the lease and sends
			// nothing.
			long stoppedAt = System.nanoTime();
			this.clock.advance(Duration.ofMinutes(2).plusSeconds(30));
			assertThat(first.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
			awaitIdle(first);
			assertThat(this.events).filteredOn(TokenRefreshFailedEvent.class::isInstance)
				.first()
				.satisfies((event) -> assertThat(((TokenRefreshFailedEvent) event).getFailure())
					.isInstanceOf(TokenStoreUnavailableException.class));
			assertThat(this.api.refreshCount()).isZero();

			// Expired, Redis down for less than the lease time: a clear error, no
			// refresh.
			this.clock.advance(Duration.ofSeconds(30));
			if (Duration.ofNanos(System.nanoTime() - stoppedAt).compareTo(leaseTime) < 0) {
				assertThatExceptionOfType(TokenStoreUnavailableException.class)
					.isThrownBy(() -> first.accessToken().block(TIMEOUT));
				assertThat(this.api.refreshCount()).isZero();
			}

			// Down for longer than the lease time: the instance refreshes alone and keeps
			// the new pair in memory.
			await().atMost(TIMEOUT)
				.ignoreExceptionsInstanceOf(TokenStoreUnavailableException.class)
				.until(() -> this.api.accessToken(1).equals(first.accessToken().block(TIMEOUT)));
			assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isGreaterThanOrEqualTo(leaseTime);
			assertThat(this.api.refreshCount()).isOne();
			assertThat(first.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(1));
			assertThat(first.currentTokens()).get()
				.satisfies((pair) -> assertThat(pair.refreshToken()).isEqualTo(this.api.refreshToken(1)));
		}
	}

	@Test
	void aLeaseHolderThatCannotReadTheStoreRenewsNothingRatherThanReuseASpentRefreshToken() {
		this.api.loginThenRotations(1);
		TokenRefreshService first = instance(TestRedis.connectionFactory(), Duration.ofSeconds(30)).build();
		assertThat(first.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		LettuceConnectionFactory secondRedis = TestRedis.connectionFactory();
		ScriptedStore secondStore = new ScriptedStore(
				RedisTokenStore.builder(secondRedis).keyPrefix(this.keyPrefix).build());
		TokenRefreshService second = instance(secondRedis, Duration.ofSeconds(30), secondStore).build();
		assertThat(second.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		StoredTokenPair beforeRotation = secondStore.load(TokenRefreshService.SERVICE_ACCOUNT_SESSION).block(TIMEOUT);
		this.clock.advance(LIFETIME);
		assertThat(first.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(1));

		// The second instance read the store just before the first one rotated the pair,
		// then took the free lease; its read under the lease fails, and so do both
		// retries.
		Mono<StoredTokenPair> timedOut = Mono.error(new TokenStoreUnavailableException("read timed out"));
		secondStore.nextReads(Mono.justOrEmpty(beforeRotation), timedOut, timedOut, timedOut);
		assertThatExceptionOfType(TokenStoreUnavailableException.class)
			.isThrownBy(() -> second.accessToken().block(TIMEOUT))
			.withMessageContaining("was not renewed");
		assertThat(this.api.refreshCount()).isOne();

		// Next time one read under the lease fails and its retry finds the rotated pair.
		this.clock.advance(Duration.ofSeconds(1));
		secondStore.nextReads(Mono.justOrEmpty(beforeRotation), timedOut);
		assertThat(second.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(1));
		assertThat(this.api.refreshCount()).isOne();
		assertThat(this.api.loginCount()).isOne();
		assertEachRefreshTokenSentAtMostOnce();
	}

	@Test
	void aRotatedPairWhoseWriteFailsOnceIsWrittenAgainBeforeAnotherInstanceCanRefreshTheOldOne() {
		this.api.loginThenRotations(1);
		LettuceConnectionFactory firstRedis = TestRedis.connectionFactory();
		ScriptedStore firstStore = new ScriptedStore(
				RedisTokenStore.builder(firstRedis).keyPrefix(this.keyPrefix).build());
		TokenRefreshService first = instance(firstRedis, Duration.ofSeconds(30), firstStore).build();
		TokenRefreshService second = instance(TestRedis.connectionFactory(), Duration.ofSeconds(30)).build();
		assertThat(first.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		assertThat(second.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		this.clock.advance(LIFETIME);

		firstStore.nextWrites(Mono.error(new TokenStoreUnavailableException("write timed out")));
		assertThat(first.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(1));

		assertThat(second.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(1));
		assertThat(this.api.refreshCount()).isOne();
		assertEachRefreshTokenSentAtMostOnce();
	}

	@Test
	void aListenerThatBlocksForThreeLeaseTimesStallsNoOtherInstance() throws Exception {
		Duration leaseTime = Duration.ofSeconds(3);
		this.api.loginThenRotations(2);
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch unblock = new CountDownLatch(1);
		TokenRefreshService slow = instance(TestRedis.connectionFactory(), leaseTime).eventPublisher((event) -> {
			if (event instanceof TokenRefreshedEvent) {
				entered.countDown();
				awaitQuietly(unblock, leaseTime.multipliedBy(3));
			}
		}).build();
		List<TokenRefreshService> others = List.of(instance(TestRedis.connectionFactory(), leaseTime).build(),
				instance(TestRedis.connectionFactory(), leaseTime).build());
		try {
			assertThat(slow.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
			others
				.forEach((other) -> assertThat(other.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0)));
			this.clock.advance(LIFETIME);

			// The slow instance refreshes; its listener of the refresh blocks.
			slow.accessToken().subscribe((token) -> {
			}, (ex) -> {
			});
			assertThat(entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			for (TokenRefreshService other : others) {
				assertThat(other.accessToken().block(leaseTime)).isEqualTo(this.api.accessToken(1));
			}

			// The next lifetime: the others renew within a lease time, while the listener
			// still blocks.
			this.clock.advance(LIFETIME);
			assertThat(hammer(others, 100, leaseTime)).containsOnly(this.api.accessToken(2));
			assertThat(unblock.getCount()).as("the listener still blocks").isOne();
			assertThat(this.api.refreshCount()).isEqualTo(2);
			assertEachRefreshTokenSentAtMostOnce();
		}
		finally {
			unblock.countDown();
		}
	}

	@Test
	void aRotatedPairThatTheStoreNeverTakesIsWrittenAgainUnderTheLeaseBeforeAnotherInstanceRenews() {
		this.api.loginThenRotations(1);
		LettuceConnectionFactory firstRedis = TestRedis.connectionFactory();
		ScriptedStore firstStore = new ScriptedStore(
				RedisTokenStore.builder(firstRedis).keyPrefix(this.keyPrefix).build());
		TokenRefreshService first = instance(firstRedis, Duration.ofSeconds(30), firstStore).build();
		TokenRefreshService second = instance(TestRedis.connectionFactory(), Duration.ofSeconds(30)).build();
		assertThat(first.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		assertThat(second.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		this.clock.advance(LIFETIME);

		// The write and both retries fail: the pair is kept in memory, and written again
		// before the lease is given up.
		Mono<StoredTokenPair> timedOut = Mono.error(new TokenStoreUnavailableException("write timed out"));
		firstStore.nextWrites(timedOut, timedOut, timedOut);
		assertThat(first.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(1));

		assertThat(second.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(1));
		assertThat(this.api.refreshCount()).isOne();
		assertThat(this.api.loginCount()).isOne();
		assertEachRefreshTokenSentAtMostOnce();
	}

	@Test
	void aStoreFailureOtherThanUnavailableAfterTheServerAnsweredKeepsTheNewPairAndWritesItAgain() {
		this.api.loginThenRotations(1);
		LettuceConnectionFactory firstRedis = TestRedis.connectionFactory();
		ScriptedStore firstStore = new ScriptedStore(
				RedisTokenStore.builder(firstRedis).keyPrefix(this.keyPrefix).build());
		TokenRefreshService first = instance(firstRedis, Duration.ofSeconds(30), firstStore).build();
		TokenRefreshService second = instance(TestRedis.connectionFactory(), Duration.ofSeconds(30)).build();
		assertThat(first.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		this.clock.advance(LIFETIME);

		firstStore.nextWrites(Mono.error(new IllegalStateException("the store's serializer failed")));
		assertThat(first.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(1));

		assertThat(second.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(1));
		assertThat(this.api.refreshCount()).isOne();
		assertThat(this.api.loginCount()).isOne();
	}

	@Test
	void aLostCompareAndSetAgainstAnExpiredPairStoresTheNewPairInsteadOfAdoptingTheExpiredOne() {
		this.api.loginThenRotations(1);
		LettuceConnectionFactory redis = TestRedis.connectionFactory();
		RedisTokenStore realStore = RedisTokenStore.builder(redis).keyPrefix(this.keyPrefix).build();
		ScriptedStore store = new ScriptedStore(realStore);
		TokenRefreshService service = instance(redis, Duration.ofSeconds(30), store).build();
		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		this.clock.advance(LIFETIME);

		// Another writer stores an expired pair over the logged-in one just before this
		// instance's write, which then loses its compare-and-set.
		Instant now = this.clock.instant();
		TokenPair expired = new TokenPair("expired-access", "expired-refresh", now.minus(LIFETIME), now.minusSeconds(1),
				now.plusSeconds(3600));
		String session = TokenRefreshService.SERVICE_ACCOUNT_SESSION;
		long loggedIn = realStore.load(session).block(TIMEOUT).version();
		List<StoredTokenPair> expiredWrites = new CopyOnWriteArrayList<>();
		store.nextWrites(Mono.defer(
				() -> realStore.replace(session, loggedIn, expired).doOnNext(expiredWrites::add).then(Mono.empty())));

		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(1));
		assertThat(expiredWrites).as("the other writer's expired pair").hasSize(1);
		long expiredVersion = expiredWrites.get(0).version();
		StoredTokenPair stored = realStore.load(session).block(TIMEOUT);
		assertThat(stored).isNotNull();
		assertThat(stored.pair().accessToken()).isEqualTo(this.api.accessToken(1));
		assertThat(stored.pair().refreshToken()).isEqualTo(this.api.refreshToken(1));
		// Written over the expired pair, in its lineage: the next version after it.
		assertThat(TokenVersions.isNewer(stored.version(), expiredVersion)).isTrue();
		assertThat(stored.version()).isEqualTo(TokenVersions.next(expiredVersion));
	}

	private TokenRefreshServiceBuilder instance(LettuceConnectionFactory redis, Duration leaseTime) {
		return instance(redis, leaseTime,
				RedisTokenStore.builder(redis).keyPrefix(this.keyPrefix).timeout(leaseTime.dividedBy(6)).build());
	}

	private TokenRefreshServiceBuilder instance(LettuceConnectionFactory redis, Duration leaseTime, TokenStore store) {
		this.factories.add(redis);
		MarketigerAuthClient client = MarketigerAuthClient.builder(URI.create(this.wireMock.getHttpBaseUrl() + "/v2"))
			.clock(this.clock)
			.build();
		RedisRefreshCoordinator coordinator = RedisRefreshCoordinator.builder(redis)
			.keyPrefix(this.keyPrefix)
			.leaseTime(leaseTime)
			.maxCallDuration(leaseTime.dividedBy(2))
			.build();
		return TokenRefreshService.builder(client, store)
			.coordinator(coordinator)
			.clock(this.clock)
			.credentials(new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD))
			.retryPolicy(new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(200)))
			.eventPublisher(this.events::add);
	}

	private static List<String> hammer(List<TokenRefreshService> instances, int callers) {
		return hammer(instances, callers, TIMEOUT);
	}

	private static List<String> hammer(List<TokenRefreshService> instances, int callers, Duration within) {
		return Flux.range(0, callers)
			.flatMap((i) -> instances.get(i % instances.size()).accessToken().subscribeOn(Schedulers.parallel()),
					callers)
			.collectList()
			.block(within);
	}

	private static void awaitQuietly(CountDownLatch latch, Duration atMost) {
		try {
			latch.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void assertEachRefreshTokenSentAtMostOnce() {
		assertThat(sentRefreshTokens()).doesNotHaveDuplicates();
	}

	private List<String> sentRefreshTokens() {
		JsonMapper json = JsonMapper.builder().build();
		List<String> sent = new ArrayList<>();
		for (LoggedRequest request : this.api.refreshRequests()) {
			sent.add(json.readTree(request.getBodyAsString()).path("refreshToken").asString());
		}
		return sent;
	}

	/**
	 * A store whose next reads and writes can be scripted; it uses the real one
	 * otherwise.
	 */
	private static final class ScriptedStore implements TokenStore {

		private final TokenStore store;

		private final Queue<Mono<StoredTokenPair>> nextReads = new ConcurrentLinkedQueue<>();

		private final Queue<Mono<StoredTokenPair>> nextWrites = new ConcurrentLinkedQueue<>();

		ScriptedStore(TokenStore store) {
			this.store = store;
		}

		@SafeVarargs
		final void nextReads(Mono<StoredTokenPair>... reads) {
			this.nextReads.addAll(List.of(reads));
		}

		@Override
		public Mono<StoredTokenPair> load(String sessionKey) {
			return Mono.defer(() -> {
				Mono<StoredTokenPair> scripted = this.nextReads.poll();
				return (scripted != null) ? scripted : this.store.load(sessionKey);
			});
		}

		@SafeVarargs
		final void nextWrites(Mono<StoredTokenPair>... writes) {
			this.nextWrites.addAll(List.of(writes));
		}

		@Override
		public Mono<StoredTokenPair> replace(String sessionKey, long expectedVersion, TokenPair pair) {
			return Mono.defer(() -> {
				Mono<StoredTokenPair> scripted = this.nextWrites.poll();
				return (scripted != null) ? scripted : this.store.replace(sessionKey, expectedVersion, pair);
			});
		}

	}

	private static void awaitIdle(TokenRefreshService service) {
		await().pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(2))
			.atMost(TIMEOUT)
			.until(() -> !service.isRenewing());
	}

}
