package com.marketiger3d.auth.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.marketiger3d.auth.test.TestRedis;
import com.marketiger3d.auth.token.RenewalLease;
import com.marketiger3d.auth.token.TokenPair;
import com.marketiger3d.auth.token.TokenStoreUnavailableException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * {@link RedisRefreshCoordinator} against a real Redis.
 */
class RedisRefreshCoordinatorIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String SESSION = "service-account";

	private final LettuceConnectionFactory redis = TestRedis.connectionFactory();

	private final String keyPrefix = TestRedis.randomKeyPrefix();

	private final ReactiveStringRedisTemplate raw = new ReactiveStringRedisTemplate(this.redis);

	@AfterEach
	void cleanUp() {
		TestRedis.deleteKeys(this.redis, this.keyPrefix);
		this.redis.destroy();
	}

	@Test
	void aFreeLeaseIsGrantedAndGuardsLetCallsThrough() {
		RenewalLease lease = coordinator(Duration.ofSeconds(30)).acquire(SESSION, 0).block(TIMEOUT);

		assertThat(lease).isNotNull();
		assertThat(lease.isShared()).as("shared with the other instances").isTrue();
		assertThat(lease.guard(Mono.just("called")).block(TIMEOUT)).isEqualTo("called");
		assertThat(this.raw.hasKey(leaseKey()).block(TIMEOUT)).isTrue();
		lease.release().block(TIMEOUT);
		assertThat(this.raw.hasKey(leaseKey()).block(TIMEOUT)).isFalse();
	}

	@Test
	void aSecondInstanceWaitsForTheHolderAndGetsTheLeaseOnceReleased() {
		RedisRefreshCoordinator first = coordinator(Duration.ofSeconds(30));
		RedisRefreshCoordinator second = coordinator(Duration.ofSeconds(30));
		RenewalLease held = first.acquire(SESSION, 0).block(TIMEOUT);

		StepVerifier.create(second.acquire(SESSION, 0))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(300))
			.then(() -> held.release().block(TIMEOUT))
			.assertNext((lease) -> lease.release().block(TIMEOUT))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void aWaitingInstanceCompletesEmptyOnceTheHolderStoredANewerPair() {
		RedisRefreshCoordinator first = coordinator(Duration.ofSeconds(30));
		RedisRefreshCoordinator second = coordinator(Duration.ofSeconds(30));
		RedisTokenStore store = RedisTokenStore.builder(this.redis).keyPrefix(this.keyPrefix).build();
		RenewalLease held = first.acquire(SESSION, 0).block(TIMEOUT);

		StepVerifier.create(second.acquire(SESSION, 0))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(200))
			.then(() -> store.replace(SESSION, 0, pair()).block(TIMEOUT))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.raw.hasKey(leaseKey()).block(TIMEOUT)).isTrue();
		held.release().block(TIMEOUT);
	}

	@Test
	void theHolderRenewsTheLeaseWhileItRunsWithinTheMaximumHold() {
		Duration leaseTime = Duration.ofMillis(600);
		RenewalLease lease = coordinator(leaseTime, leaseTime.multipliedBy(10)).acquire(SESSION, 0).block(TIMEOUT);
		long start = System.nanoTime();

		await().atMost(TIMEOUT).until(() -> System.nanoTime() - start > 3 * leaseTime.toNanos());
		assertThat(this.raw.hasKey(leaseKey()).block(TIMEOUT)).isTrue();
		assertThat(lease.guard(Mono.just("called")).block(TIMEOUT)).isEqualTo("called");
		lease.release().block(TIMEOUT);
	}

	@Test
	void aLostLeaseRefusesFurtherCallsAndItsReleaseLeavesTheNewHolderAlone() {
		Duration leaseTime = Duration.ofMillis(1500);
		RenewalLease lost = coordinator(leaseTime).acquire(SESSION, 0).block(TIMEOUT);
		this.raw.delete(leaseKey()).block(TIMEOUT);
		RenewalLease taken = coordinator(leaseTime).acquire(SESSION, 0).block(TIMEOUT);
		AtomicBoolean called = new AtomicBoolean();

		// The holder learns it lost the lease at its next renewal.
		await().atMost(TIMEOUT)
			.ignoreExceptionsInstanceOf(TokenStoreUnavailableException.class)
			.until(() -> lost.guard(Mono.just(false)).onErrorReturn(true).block(TIMEOUT));
		assertThatExceptionOfType(TokenStoreUnavailableException.class)
			.isThrownBy(() -> lost.guard(Mono.fromRunnable(() -> called.set(true))).block(TIMEOUT))
			.withMessageContaining("nothing was sent");
		assertThat(called).isFalse();
		lost.release().block(TIMEOUT);
		assertThat(this.raw.hasKey(leaseKey()).block(TIMEOUT)).isTrue();
		taken.release().block(TIMEOUT);
	}

	@Test
	void whileRedisIsUnreachableTheLeaseIsRefusedThenGrantedAloneAfterTheLeaseTime() {
		Duration leaseTime = Duration.ofMillis(600);
		LettuceConnectionFactory nowhere = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", freePort()));
		nowhere.afterPropertiesSet();
		nowhere.start();
		try {
			RedisRefreshCoordinator coordinator = RedisRefreshCoordinator.builder(nowhere)
				.leaseTime(leaseTime)
				.maxCallDuration(Duration.ofMillis(300))
				.build();
			long start = System.nanoTime();
			assertThatExceptionOfType(TokenStoreUnavailableException.class)
				.isThrownBy(() -> coordinator.acquire(SESSION, 0).block(TIMEOUT))
				.withMessageContaining("cannot be taken")
				.withMessageContaining("renews alone once Redis has been unreachable for");

			RenewalLease alone = await().atMost(TIMEOUT)
				.ignoreExceptionsInstanceOf(TokenStoreUnavailableException.class)
				.until(() -> coordinator.acquire(SESSION, 0).block(TIMEOUT), (lease) -> lease != null);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(leaseTime);
			assertThat(alone.isShared()).as("renewing alone").isFalse();
			assertThat(alone.guard(Mono.just("called")).block(TIMEOUT)).isEqualTo("called");
			alone.release().block(TIMEOUT);
		}
		finally {
			nowhere.destroy();
		}
	}

	@Test
	void aLeaseIsHeldNoLongerThanTheMaximumHoldAndAWaiterThenTakesIt() {
		Duration leaseTime = Duration.ofMillis(1500);
		RenewalLease stalled = coordinator(leaseTime, Duration.ofSeconds(2)).acquire(SESSION, 0).block(TIMEOUT);
		RedisRefreshCoordinator other = coordinator(leaseTime, Duration.ofSeconds(2));

		// The holder never releases; its lease ends at the maximum hold all the same.
		RenewalLease taken = other.acquire(SESSION, 0).block(TIMEOUT);
		assertThat(taken).isNotNull();
		assertThatExceptionOfType(TokenStoreUnavailableException.class)
			.isThrownBy(() -> stalled.guard(Mono.just("called")).block(TIMEOUT))
			.withMessageContaining("nothing was sent");
		taken.release().block(TIMEOUT);
	}

	@Test
	void aWaiterGivesUpWithTokenStoreUnavailableWhenAnotherHolderKeepsTheLeasePastTheMaximumHold() {
		Duration leaseTime = Duration.ofSeconds(2);
		// A holder that does not honour the maximum hold.
		this.raw.opsForValue().set(leaseKey(), "foreign", Duration.ofMinutes(1)).block(TIMEOUT);

		assertThatExceptionOfType(TokenStoreUnavailableException.class)
			.isThrownBy(() -> coordinator(leaseTime, leaseTime).acquire(SESSION, 0).block(TIMEOUT))
			.withMessageContaining("is still held by another instance after PT4S");
		assertThat(this.raw.opsForValue().get(leaseKey()).block(TIMEOUT)).isEqualTo("foreign");
	}

	@Test
	void aLeaseLeftToLapseKeepsOthersOutUntilItsExpiry() {
		Duration leaseTime = Duration.ofMillis(1500);
		RenewalLease lease = coordinator(leaseTime).acquire(SESSION, 0).block(TIMEOUT);

		lease.lapse().block(TIMEOUT);
		assertThat(this.raw.hasKey(leaseKey()).block(TIMEOUT)).isTrue();
		await().atMost(TIMEOUT).until(() -> !this.raw.hasKey(leaseKey()).block(TIMEOUT));
	}

	@Test
	void aTakeOfTheLeaseThatTimedOutButLandedIsUndoneAtOnce() throws Exception {
		Duration leaseTime = Duration.ofSeconds(6);
		try (TestRedis.Server server = TestRedis.Server.start()) {
			LettuceConnectionFactory paused = TestRedis.connectionFactory("127.0.0.1", server.port());
			LettuceConnectionFactory other = TestRedis.connectionFactory("127.0.0.1", server.port());
			RedisClient watcher = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
			try {
				RedisRefreshCoordinator first = RedisRefreshCoordinator.builder(paused)
					.keyPrefix(this.keyPrefix)
					.leaseTime(leaseTime)
					.maxCallDuration(leaseTime.dividedBy(2))
					.build();
				RedisRefreshCoordinator second = RedisRefreshCoordinator.builder(other)
					.keyPrefix(this.keyPrefix)
					.leaseTime(leaseTime)
					.maxCallDuration(leaseTime.dividedBy(2))
					.build();
				second.acquire("warm-up", 0).flatMap(RenewalLease::release).block(TIMEOUT);
				first.acquire("warm-up", 0).flatMap(RenewalLease::release).block(TIMEOUT);
				List<String> leaseEvents = watchKey(watcher, server.port(), leaseKey());

				// Redis holds writes until they are let go: the SET times out, whatever
				// the timeout, and lands afterwards.
				command(server.port(), "CLIENT PAUSE 60000 WRITE");
				assertThatExceptionOfType(TokenStoreUnavailableException.class)
					.isThrownBy(() -> first.acquire(SESSION, 0).block(TIMEOUT));
				ReactiveStringRedisTemplate reader = new ReactiveStringRedisTemplate(other);
				assertThat(reader.hasKey(leaseKey()).block(TIMEOUT)).as("lease taken while writes are held").isFalse();
				command(server.port(), "CLIENT UNPAUSE");

				// The SET lands and the release queued behind it deletes it; without the
				// undo, the lease would stand until it expires, six seconds later.
				await().atMost(TIMEOUT).until(() -> leaseEvents.contains("del") || leaseEvents.contains("expired"));
				assertThat(leaseEvents).containsSubsequence("set", "del").doesNotContain("expired");
				RenewalLease lease = second.acquire(SESSION, 0).block(TIMEOUT);
				assertThat(lease).isNotNull();
				assertThat(lease.isShared()).isTrue();
				lease.release().block(TIMEOUT);
			}
			finally {
				watcher.shutdown();
				paused.destroy();
				other.destroy();
			}
		}
	}

	/**
	 * Subscribe to the keyspace notifications of a key and return the events, in the
	 * order Redis sends them.
	 */
	private static List<String> watchKey(RedisClient client, int port, String key) throws java.io.IOException {
		command(port, "CONFIG SET notify-keyspace-events KA");
		List<String> events = new CopyOnWriteArrayList<>();
		StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
		connection.addListener(new RedisPubSubAdapter<>() {
			@Override
			public void message(String channel, String message) {
				events.add(message);
			}
		});
		connection.sync().subscribe("__keyspace@0__:" + key);
		return events;
	}

	@Test
	void isolatedFailuresFurtherApartThanTheLeaseTimeDoNotCountAsAnOutage() {
		Duration leaseTime = Duration.ofMillis(600);
		LettuceConnectionFactory nowhere = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", freePort()));
		nowhere.afterPropertiesSet();
		nowhere.start();
		try {
			RedisRefreshCoordinator coordinator = RedisRefreshCoordinator.builder(nowhere)
				.leaseTime(leaseTime)
				.maxCallDuration(Duration.ofMillis(300))
				.build();
			assertThatExceptionOfType(TokenStoreUnavailableException.class)
				.isThrownBy(() -> coordinator.acquire(SESSION, 0).block(TIMEOUT));
			long failedAt = System.nanoTime();

			// No call for two lease times, then one failure: a new run, not an outage of
			// two lease times.
			await().atMost(TIMEOUT).until(() -> System.nanoTime() - failedAt > 2 * leaseTime.toNanos());
			assertThatExceptionOfType(TokenStoreUnavailableException.class)
				.isThrownBy(() -> coordinator.acquire(SESSION, 0).block(TIMEOUT))
				.withMessageContaining("cannot be taken");
		}
		finally {
			nowhere.destroy();
		}
	}

	@Test
	void aMaximumHoldShorterThanTheLeaseTimeIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> coordinator(Duration.ofSeconds(30), Duration.ofSeconds(29)));
	}

	@Test
	void aLeaseTimeShorterThanTwoCallsIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> RedisRefreshCoordinator.builder(this.redis)
			.leaseTime(Duration.ofSeconds(10))
			.maxCallDuration(Duration.ofSeconds(6))
			.build());
	}

	@Test
	void toStringNamesThePrefixAndTheLeaseTime() {
		assertThat(coordinator(Duration.ofSeconds(30)))
			.hasToString("RedisRefreshCoordinator[keyPrefix=" + this.keyPrefix + ", leaseTime=PT30S]");
	}

	private RedisRefreshCoordinator coordinator(Duration leaseTime) {
		return coordinator(leaseTime, null);
	}

	private RedisRefreshCoordinator coordinator(Duration leaseTime, @Nullable Duration maxLeaseHold) {
		return RedisRefreshCoordinator.builder(this.redis)
			.keyPrefix(this.keyPrefix)
			.leaseTime(leaseTime)
			.maxLeaseHold(maxLeaseHold)
			.maxCallDuration(leaseTime.dividedBy(2))
			.build();
	}

	/**
	 * Send one inline command to Redis on a connection of its own; expect {@code +OK}.
	 */
	private static void command(int port, String command) throws java.io.IOException {
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
			socket.setSoTimeout(5000);
			socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
			byte[] reply = new byte[5];
			assertThat(new String(reply, 0, socket.getInputStream().read(reply), StandardCharsets.US_ASCII))
				.startsWith("+OK");
		}
	}

	private String leaseKey() {
		return RedisTokenStore.sessionKeys(this.keyPrefix, SESSION) + "lease";
	}

	private static TokenPair pair() {
		Instant now = Instant.parse("2026-03-01T08:00:00Z");
		return new TokenPair("access", "refresh", now, now.plusSeconds(300), now.plusSeconds(43200));
	}

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
