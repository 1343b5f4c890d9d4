package com.marketiger3d.auth.redis;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import com.marketiger3d.auth.token.RefreshCoordinator;
import com.marketiger3d.auth.token.RenewalLease;
import com.marketiger3d.auth.token.TokenStoreUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializationContext;

/**
 * The cluster-wide refresh lease, in Redis: one instance at a time may renew a session.
 * <p>
 * The lease is the key {@code <prefix>{<session hash>}:lease}, set with {@code NX} and an
 * expiry of {@code leaseTime}, its value a random owner token. Only the owner can renew
 * or delete it (Lua scripts compare the token). While its holder renews, a watchdog
 * extends the lease every third of {@code leaseTime}; an auth call starts only while the
 * lease is certain to outlast it ({@code maxCallDuration}). A holder that dies stops
 * renewing, and its lease lapses after at most {@code leaseTime}.
 * <p>
 * An instance that finds the lease taken polls Redis until the stored version moves past
 * the one it knows (the holder stored a new pair: it is adopted) or the lease is gone
 * (then it competes again).
 * <p>
 * When Redis cannot be reached, the lease is refused with
 * {@link TokenStoreUnavailableException}; once Redis has been unreachable for longer than
 * {@code leaseTime} (by then any lease held before the outage has lapsed), the instance
 * renews alone, with a warning.
 * <p>
 * This class is thread-safe.
 *
 * @since 0.1.0
 */
public class RedisRefreshCoordinator implements RefreshCoordinator {

	private static final Log logger = LogFactory.getLog(RedisRefreshCoordinator.class);

	private static final RedisScript<Long> RENEW = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
			end
			return 0
			""", Long.class);

	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			  return redis.call('DEL', KEYS[1])
			end
			return 0
			""", Long.class);

	/**
	 * 1: a pair is stored under another version than ARGV[1] (a later one of its lineage,
	 * or a new lineage: versions never go back, so any other one is newer); 0: no lease;
	 * -1: another holds it. Compared as strings: versions exceed a Lua number's 53 bits.
	 */
	private static final RedisScript<Long> PROBE = RedisScript.of("""
			local version = redis.call('HGET', KEYS[2], 'version')
			if version and version ~= ARGV[1] then
			  return 1
			end
			if redis.call('EXISTS', KEYS[1]) == 0 then
			  return 0
			end
			return -1
			""", Long.class);

	private static final long NEWER_PAIR = 1;

	private static final long LEASE_FREE = 0;

	private final SecureRandom random = new SecureRandom();

	private final ReactiveRedisTemplate<String, String> redis;

	private final String keyPrefix;

	private final Duration leaseTime;

	private final Duration maxCallDuration;

	private final Duration pollInterval;

	private final Duration timeout;

	private final Scheduler scheduler;

	/**
	 * When Redis stopped answering ({@link System#nanoTime()}), or 0 while it answers.
	 */
	private final AtomicLong unreachableSince = new AtomicLong();

	/**
	 * Create the coordinator from a builder; see
	 * {@link #builder(ReactiveRedisConnectionFactory)}.
	 * @param builder the builder
	 */
	protected RedisRefreshCoordinator(Builder builder) {
		this.redis = new ReactiveRedisTemplate<>(builder.connectionFactory, RedisSerializationContext.string());
		this.keyPrefix = builder.keyPrefix;
		this.leaseTime = builder.leaseTime;
		this.maxCallDuration = builder.maxCallDuration;
		if (this.maxCallDuration.multipliedBy(2).compareTo(this.leaseTime) > 0) {
			throw new IllegalArgumentException("leaseTime must be at least twice maxCallDuration");
		}
		this.pollInterval = min(Duration.ofMillis(50), this.leaseTime.dividedBy(20));
		// A Redis call slower than this leaves too little of a renewed lease.
		this.timeout = this.leaseTime.dividedBy(6);
		this.scheduler = builder.scheduler;
	}

	/**
	 * Start a builder.
	 * @param connectionFactory the application's reactive Redis connection factory
	 * @return a builder
	 */
	public static Builder builder(ReactiveRedisConnectionFactory connectionFactory) {
		return new Builder(connectionFactory);
	}

	@Override
	public Mono<RenewalLease> acquire(String sessionKey, long knownVersion) {
		String leaseKey = RedisTokenStore.sessionKeys(this.keyPrefix, sessionKey) + "lease";
		String pairKey = RedisTokenStore.pairKey(this.keyPrefix, sessionKey);
		return compete(sessionKey, leaseKey, pairKey, knownVersion).onErrorResume(TokenStoreUnavailableException.class,
				(ex) -> aloneOrRefuse(sessionKey, ex));
	}

	private Mono<RenewalLease> compete(String sessionKey, String leaseKey, String pairKey, long knownVersion) {
		return Mono.defer(() -> {
			String owner = HexFormat.of().formatHex(token());
			long sentAt = System.nanoTime();
			Mono<Boolean> set = this.redis.opsForValue().setIfAbsent(leaseKey, owner, this.leaseTime);
			return call(set, "taking the refresh lease of session '" + sessionKey + "'").flatMap((taken) -> {
				if (Boolean.TRUE.equals(taken)) {
					return Mono.just(new Lease(sessionKey, leaseKey, owner, sentAt));
				}
				return awaitHolder(sessionKey, leaseKey, pairKey, knownVersion);
			});
		});
	}

	/**
	 * Poll until the holder stored a newer pair (complete empty: adopt it) or the lease
	 * is free (compete again).
	 */
	private Mono<RenewalLease> awaitHolder(String sessionKey, String leaseKey, String pairKey, long knownVersion) {
		Mono<Long> probe = Mono.defer(() -> call(
				this.redis.execute(PROBE, List.of(leaseKey, pairKey), List.of(Long.toString(knownVersion))).next(),
				"watching the refresh lease of session '" + sessionKey + "'"));
		return probe.delaySubscription(this.pollInterval, this.scheduler)
			.filter((state) -> state >= LEASE_FREE)
			.repeatWhenEmpty(Integer.MAX_VALUE, (repeats) -> repeats)
			.flatMap((state) -> (state == NEWER_PAIR) ? Mono.empty()
					: compete(sessionKey, leaseKey, pairKey, knownVersion));
	}

	private Mono<RenewalLease> aloneOrRefuse(String sessionKey, TokenStoreUnavailableException ex) {
		long since = this.unreachableSince.get();
		Duration unreachable = Duration.ofNanos(System.nanoTime() - since);
		if (since != 0 && unreachable.compareTo(this.leaseTime) >= 0) {
			logger.warn("Redis has been unreachable for " + unreachable.toSeconds() + "s, longer than the refresh"
					+ " lease time (" + this.leaseTime + "): session '" + sessionKey + "' is renewed by this instance"
					+ " alone (" + ex.getMessage() + ")");
			return Mono.just(Alone.INSTANCE);
		}
		return Mono.error(new TokenStoreUnavailableException("The refresh lease of session '" + sessionKey
				+ "' cannot be taken: " + ex.getMessage() + "; the current token is kept, and this instance renews"
				+ " alone once Redis has been unreachable for " + this.leaseTime, ex));
	}

	/** A Redis call, bounded, that keeps track of whether Redis answers. */
	private <T> Mono<T> call(Mono<T> operation, String what) {
		return RedisSupport.bounded(operation, this.timeout, what)
			.doOnSuccess((ignored) -> this.unreachableSince.set(0))
			.doOnError(TokenStoreUnavailableException.class,
					(ex) -> this.unreachableSince.compareAndSet(0, System.nanoTime()));
	}

	private byte[] token() {
		byte[] token = new byte[16];
		this.random.nextBytes(token);
		return token;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	@Override
	public String toString() {
		return "RedisRefreshCoordinator[keyPrefix=" + this.keyPrefix + ", leaseTime=" + this.leaseTime + "]";
	}

	/** The lease this instance holds, renewed by a watchdog until released. */
	private final class Lease implements RenewalLease {

		private final String sessionKey;

		private final String leaseKey;

		private final String owner;

		/** The lease lasts at least until then: its expiry was set after this instant. */
		private volatile long validUntil;

		private volatile boolean lost;

		private final Disposable watchdog;

		Lease(String sessionKey, String leaseKey, String owner, long sentAt) {
			this.sessionKey = sessionKey;
			this.leaseKey = leaseKey;
			this.owner = owner;
			this.validUntil = sentAt + RedisRefreshCoordinator.this.leaseTime.toNanos();
			Duration period = RedisRefreshCoordinator.this.leaseTime.dividedBy(3);
			this.watchdog = Flux.interval(period, period, RedisRefreshCoordinator.this.scheduler)
				.concatMap((tick) -> renew())
				.subscribe();
		}

		private Mono<Long> renew() {
			long sentAt = System.nanoTime();
			Mono<Long> renewed = RedisRefreshCoordinator.this.redis
				.execute(RENEW, List.of(this.leaseKey),
						List.of(this.owner, Long.toString(RedisRefreshCoordinator.this.leaseTime.toMillis())))
				.next();
			return call(renewed, "renewing the refresh lease of session '" + this.sessionKey + "'")
				.doOnNext((result) -> {
					if (result == 1) {
						this.validUntil = sentAt + RedisRefreshCoordinator.this.leaseTime.toNanos();
					}
					else {
						this.lost = true;
						this.watchdog.dispose();
						logger.warn("The refresh lease of session '" + this.sessionKey + "' was lost");
					}
				})
				.onErrorResume((ex) -> {
					logger.warn("Could not renew the refresh lease of session '" + this.sessionKey + "': "
							+ ex.getMessage());
					if (System.nanoTime() - this.validUntil > 0) {
						// Lapsed for sure: stop renewing what another instance may hold
						// now.
						this.lost = true;
						this.watchdog.dispose();
					}
					return Mono.empty();
				});
		}

		/** Other instances take turns with this one. */
		@Override
		public boolean isShared() {
			return true;
		}

		@Override
		public <T> Mono<T> guard(Mono<T> call) {
			return Mono.defer(() -> {
				long callEnd = System.nanoTime() + RedisRefreshCoordinator.this.maxCallDuration.toNanos();
				if (!this.lost && callEnd - this.validUntil <= 0) {
					return call;
				}
				return Mono.error(new TokenStoreUnavailableException("The refresh lease of session '" + this.sessionKey
						+ "' is not certain to outlast another auth call; nothing was sent"));
			});
		}

		@Override
		public Mono<Void> release() {
			return Mono.defer(() -> {
				this.watchdog.dispose();
				Mono<Long> released = RedisRefreshCoordinator.this.redis
					.execute(RELEASE, List.of(this.leaseKey), List.of(this.owner))
					.next();
				return call(released, "releasing the refresh lease of session '" + this.sessionKey + "'");
			}).onErrorResume((ex) -> {
				// It lapses after the lease time anyway.
				logger.debug("Could not release the refresh lease of session '" + this.sessionKey + "'", ex);
				return Mono.empty();
			}).then();
		}

	}

	/** Renewing without the cluster: Redis has been unreachable for too long. */
	private static final class Alone implements RenewalLease {

		static final Alone INSTANCE = new Alone();

		@Override
		public <T> Mono<T> guard(Mono<T> call) {
			return call;
		}

		@Override
		public Mono<Void> release() {
			return Mono.empty();
		}

		/** Renewing without the others: there is no shared store to read. */
		@Override
		public boolean isShared() {
			return false;
		}

	}

	/**
	 * Builds a {@link RedisRefreshCoordinator}.
	 */
	public static class Builder {

		private final ReactiveRedisConnectionFactory connectionFactory;

		private String keyPrefix = "marketiger:auth:";

		private Duration leaseTime = Duration.ofSeconds(30);

		private Duration maxCallDuration = Duration.ofSeconds(15);

		private Scheduler scheduler = Schedulers.parallel();

		/**
		 * Start a builder.
		 * @param connectionFactory the application's reactive Redis connection factory
		 */
		protected Builder(ReactiveRedisConnectionFactory connectionFactory) {
			this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory must not be null");
		}

		/**
		 * Set the prefix of the lease keys; it must be the token store's.
		 * @param keyPrefix the prefix
		 * @return this builder
		 */
		public Builder keyPrefix(String keyPrefix) {
			this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix must not be null");
			return this;
		}

		/**
		 * Set how long the lease lasts without renewal: the longest an instance waits for
		 * a holder that died.
		 * @param leaseTime a positive duration
		 * @return this builder
		 */
		public Builder leaseTime(Duration leaseTime) {
			this.leaseTime = Objects.requireNonNull(leaseTime, "leaseTime must not be null");
			return this;
		}

		/**
		 * Set the longest one auth call can take (connect plus response timeout): at most
		 * half the lease time.
		 * @param maxCallDuration a positive duration
		 * @return this builder
		 */
		public Builder maxCallDuration(Duration maxCallDuration) {
			this.maxCallDuration = Objects.requireNonNull(maxCallDuration, "maxCallDuration must not be null");
			return this;
		}

		/**
		 * Set the scheduler that times the lease renewals.
		 * @param scheduler a time-capable scheduler
		 * @return this builder
		 */
		public Builder scheduler(Scheduler scheduler) {
			this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
			return this;
		}

		/**
		 * Build the coordinator.
		 * @return the coordinator
		 */
		public RedisRefreshCoordinator build() {
			return new RedisRefreshCoordinator(this);
		}

	}

}
