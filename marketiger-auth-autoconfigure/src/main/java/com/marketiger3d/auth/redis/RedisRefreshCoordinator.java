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
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;

/**
 * The cluster-wide refresh lease, in Redis: one instance at a time may renew a session.
 * <p>
 * The lease is the key {@code <prefix>{<session hash>}:lease}, set with {@code NX} and an
 * expiry of {@code leaseTime}, its value a random owner token. Only the owner can renew
 * or delete it (Lua scripts compare the token). While its holder renews, a watchdog
 * extends the lease every third of {@code leaseTime}; an auth call starts only while the
 * lease is certain to outlast it ({@code maxCallDuration}). A holder that dies stops
 * renewing, and its lease lapses after at most {@code leaseTime}. However long a holder
 * works, its lease lasts at most {@code maxLeaseHold} from the moment it was taken.
 * <p>
 * An instance that finds the lease taken polls Redis until the stored version moves past
 * the one it knows (the holder stored a new pair: it is adopted) or the lease is gone
 * (then it competes again). It waits at most {@code maxLeaseHold} plus {@code leaseTime}:
 * by then any holder's lease has ended, so it tries once more to take the lease, and
 * fails with {@link TokenStoreUnavailableException} if another instance holds it again.
 * <p>
 * When Redis cannot be reached, the lease is refused with
 * {@link TokenStoreUnavailableException}; once Redis has been unreachable for longer than
 * {@code leaseTime} (by then any lease held before the outage has lapsed), the instance
 * renews alone, with a warning. Only an unbroken run of failures counts: a failure more
 * than {@code leaseTime} after the previous one starts a new run.
 * <p>
 * This class is thread-safe.
 *
 * @since 0.1.0
 */
public class RedisRefreshCoordinator implements RefreshCoordinator {

	private static final Log logger = LogFactory.getLog(RedisRefreshCoordinator.class);

	/** A waiter's first poll: a renewal takes a few tens of milliseconds. */
	private static final Duration FIRST_POLL = Duration.ofMillis(5);

	private static final Duration MAX_POLL_INTERVAL = Duration.ofMillis(25);

	private final SecureRandom random = new SecureRandom();

	// Package-private where the lease it grants, RedisRenewalLease, reads it.
	final ReactiveRedisTemplate<String, String> redis;

	private final String keyPrefix;

	final Duration leaseTime;

	final Duration maxCallDuration;

	final Duration maxLeaseHold;

	/** How long a waiter waits for other holders before it gives up. */
	private final Duration waitLimit;

	/** The longest pause between two polls of a waiter. */
	private final Duration pollInterval;

	private final Duration timeout;

	final Scheduler scheduler;

	/**
	 * When Redis stopped answering ({@link System#nanoTime()}), or 0 while it answers.
	 */
	private final AtomicLong unreachableSince = new AtomicLong();

	/** When the last Redis call failed ({@link System#nanoTime()}). */
	private final AtomicLong lastFailure = new AtomicLong();

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
		this.maxLeaseHold = (builder.maxLeaseHold != null) ? builder.maxLeaseHold : defaultMaxLeaseHold(this.leaseTime);
		if (this.maxLeaseHold.compareTo(this.leaseTime) < 0) {
			throw new IllegalArgumentException("maxLeaseHold must be at least leaseTime");
		}
		this.waitLimit = this.maxLeaseHold.plus(this.leaseTime);
		this.pollInterval = min(MAX_POLL_INTERVAL, this.leaseTime.dividedBy(20));
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

	/**
	 * Return the longest a lease is held when no maximum is set: three lease times, room
	 * for a read, a retried auth call and a retried write, each bounded by the lease's
	 * timeouts.
	 * @param leaseTime the lease time
	 * @return the default maximum hold
	 */
	public static Duration defaultMaxLeaseHold(Duration leaseTime) {
		return leaseTime.multipliedBy(3);
	}

	@Override
	public Mono<RenewalLease> acquire(String sessionKey, long knownVersion) {
		String leaseKey = RedisTokenStore.sessionKeys(this.keyPrefix, sessionKey) + "lease";
		String pairKey = RedisTokenStore.pairKey(this.keyPrefix, sessionKey);
		return Mono.defer(() -> {
			Waiting waiting = new Waiting(sessionKey, leaseKey, pairKey, knownVersion,
					System.nanoTime() + this.waitLimit.toNanos());
			return compete(waiting);
		})
			.onErrorResume((ex) -> ex instanceof TokenStoreUnavailableException && !(ex instanceof WaitExpired),
					(ex) -> aloneOrRefuse(sessionKey, (TokenStoreUnavailableException) ex));
	}

	private Mono<RenewalLease> compete(Waiting waiting) {
		return Mono.defer(() -> {
			String owner = HexFormat.of().formatHex(token());
			long sentAt = System.nanoTime();
			Mono<Boolean> set = this.redis.opsForValue().setIfAbsent(waiting.leaseKey, owner, this.leaseTime);
			return call(set, "taking the refresh lease of session '" + waiting.sessionKey + "'")
				// A SET that timed out may still land: delete it, or nobody would renew
				// the session until it lapses. The release queues behind the SET on the
				// connection, and acts only on this owner's lease.
				.doOnError(TokenStoreUnavailableException.class,
						(ex) -> releaseQuietly(waiting.sessionKey, waiting.leaseKey, owner).subscribe())
				.flatMap((taken) -> {
					if (Boolean.TRUE.equals(taken)) {
						return Mono
							.just(new RedisRenewalLease(this, waiting.sessionKey, waiting.leaseKey, owner, sentAt));
					}
					if (System.nanoTime() - waiting.deadline >= 0) {
						return Mono.error(new WaitExpired("The refresh lease of session '" + waiting.sessionKey
								+ "' is still held by another instance after " + this.waitLimit
								+ " (longer than the maximum lease hold, " + this.maxLeaseHold
								+ "); the current token is kept"));
					}
					return awaitHolder(waiting);
				});
		});
	}

	/**
	 * Poll until the holder stored a newer pair (complete empty: adopt it), the lease is
	 * free (compete again), or the wait's deadline passed (compete once more).
	 */
	private Mono<RenewalLease> awaitHolder(Waiting waiting) {
		Mono<Long> probe = Mono.defer(() -> call(this.redis
			.execute(LeaseScripts.PROBE, List.of(waiting.leaseKey, waiting.pairKey),
					List.of(Long.toString(waiting.knownVersion)))
			.next(), "watching the refresh lease of session '" + waiting.sessionKey + "'"));
		// Polls after 5, 10, 20 ms, then every pollInterval: a waiter sees the holder's
		// pair within one interval of its write.
		return probe.delaySubscription(min(FIRST_POLL, this.pollInterval), this.scheduler)
			.filter((state) -> state >= LeaseScripts.LEASE_FREE || System.nanoTime() - waiting.deadline >= 0)
			.repeatWhenEmpty(Integer.MAX_VALUE,
					(repeats) -> repeats.concatMap((repeat) -> Mono.delay(pollDelay(repeat), this.scheduler)))
			.flatMap((state) -> (state == LeaseScripts.NEWER_PAIR) ? Mono.empty() : compete(waiting));
	}

	Mono<Long> releaseQuietly(String sessionKey, String leaseKey, String owner) {
		Mono<Long> released = this.redis.execute(LeaseScripts.RELEASE, List.of(leaseKey), List.of(owner)).next();
		return call(released, "releasing the refresh lease of session '" + sessionKey + "'").onErrorResume((ex) -> {
			// It lapses after the lease time anyway.
			logger.debug("Could not release the refresh lease of session '" + sessionKey + "'", ex);
			return Mono.empty();
		});
	}

	private Mono<RenewalLease> aloneOrRefuse(String sessionKey, TokenStoreUnavailableException ex) {
		long since = this.unreachableSince.get();
		Duration unreachable = Duration.ofNanos(System.nanoTime() - since);
		if (since != 0 && unreachable.compareTo(this.leaseTime) >= 0) {
			logger.warn("Redis has been unreachable for " + unreachable.toSeconds() + "s, longer than the refresh"
					+ " lease time (" + this.leaseTime + "): session '" + sessionKey + "' is renewed by this instance"
					+ " alone (" + ex.getMessage() + ")");
			return Mono.just(AloneRenewalLease.INSTANCE);
		}
		return Mono.error(new TokenStoreUnavailableException("The refresh lease of session '" + sessionKey
				+ "' cannot be taken: " + ex.getMessage() + "; the current token is kept, and this instance renews"
				+ " alone once Redis has been unreachable for " + this.leaseTime, ex));
	}

	/** A Redis call, bounded, that keeps track of whether Redis answers. */
	<T> Mono<T> call(Mono<T> operation, String what) {
		return RedisSupport.bounded(operation, this.timeout, what)
			.doOnSuccess((ignored) -> this.unreachableSince.set(0))
			.doOnError(TokenStoreUnavailableException.class, (ex) -> failed(System.nanoTime()));
	}

	/**
	 * Count a failure towards the run that started at {@link #unreachableSince}, unless
	 * the previous failure is more than a lease time old: Redis may have answered others
	 * meanwhile, so the run starts again.
	 */
	private void failed(long now) {
		long previous = this.lastFailure.getAndSet(now);
		if (previous == 0 || now - previous > this.leaseTime.toNanos()) {
			this.unreachableSince.set(now);
		}
		else {
			this.unreachableSince.compareAndSet(0, now);
		}
	}

	private byte[] token() {
		byte[] token = new byte[16];
		this.random.nextBytes(token);
		return token;
	}

	private Duration pollDelay(long repeat) {
		return min(FIRST_POLL.multipliedBy(1L << Math.min(repeat + 1, 10)), this.pollInterval);
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	@Override
	public String toString() {
		return "RedisRefreshCoordinator[keyPrefix=" + this.keyPrefix + ", leaseTime=" + this.leaseTime + "]";
	}

	/** One acquisition's keys, the version it knows, and when it stops waiting. */
	private record Waiting(String sessionKey, String leaseKey, String pairKey, long knownVersion, long deadline) {

	}

	/** Another instance kept the lease past the maximum hold: no Redis outage. */
	private static final class WaitExpired extends TokenStoreUnavailableException {

		WaitExpired(String message) {
			super(message);
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

		private @Nullable Duration maxLeaseHold;

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
		 * Set the longest a lease is held from the moment it was taken, however long its
		 * holder works; at least the lease time. Waiters give up after this plus the
		 * lease time. Three lease times when not set.
		 * @param maxLeaseHold a duration of at least the lease time, or {@code null} for
		 * the default
		 * @return this builder
		 */
		public Builder maxLeaseHold(@Nullable Duration maxLeaseHold) {
			this.maxLeaseHold = maxLeaseHold;
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
