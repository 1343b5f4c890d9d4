package com.marketiger3d.auth.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import com.marketiger3d.auth.test.TestRedis;
import com.marketiger3d.auth.token.RenewalLease;
import com.marketiger3d.auth.token.TokenPair;
import com.marketiger3d.auth.token.TokenStoreUnavailableException;
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
	void theHolderRenewsTheLeaseWhileItRuns() {
		Duration leaseTime = Duration.ofMillis(600);
		RenewalLease lease = coordinator(leaseTime).acquire(SESSION, 0).block(TIMEOUT);
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
		return RedisRefreshCoordinator.builder(this.redis)
			.keyPrefix(this.keyPrefix)
			.leaseTime(leaseTime)
			.maxCallDuration(leaseTime.dividedBy(2))
			.build();
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
