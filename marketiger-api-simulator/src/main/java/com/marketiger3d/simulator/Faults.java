package com.marketiger3d.simulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The faults a running simulator injects into its auth endpoints (Login and
 * RefreshToken), and the offset of its clock. Two ways to fail calls:
 * {@link #failNext(int, FaultKind)} fails exactly the next calls, which suits tests;
 * {@link #errorRate(double)} fails a share of calls at random, reproducibly when a
 * {@link #seed(long) seed} is set. Scheduled failures come first.
 * <p>
 * This class is thread-safe.
 *
 * @since 0.1.0
 */
public final class Faults {

	private double errorRate;

	private Set<FaultKind> errorKinds;

	private Duration latency;

	private Duration clockOffset;

	private @Nullable Long seed;

	private Random random;

	private final Deque<FaultKind> scheduled = new ArrayDeque<>();

	private final Deque<FaultKind> scheduledLogins = new ArrayDeque<>();

	private final Deque<FaultKind> scheduledRefreshes = new ArrayDeque<>();

	private final SimulatorSettings initial;

	Faults(SimulatorSettings settings) {
		this.initial = settings;
		restore();
	}

	/**
	 * Go back to the faults the simulator started with, and forget scheduled failures.
	 */
	synchronized void restore() {
		SimulatorSettings settings = this.initial;
		this.scheduled.clear();
		this.scheduledLogins.clear();
		this.scheduledRefreshes.clear();
		this.errorRate = settings.errorRate();
		this.errorKinds = EnumSet.copyOf(settings.errorKinds());
		this.latency = settings.latency();
		this.clockOffset = settings.clockOffset();
		this.seed = settings.seed();
		this.random = newRandom(this.seed);
	}

	/**
	 * Fail the next {@code count} auth calls with {@code kind}, after any failures
	 * scheduled before.
	 * @param count how many calls to fail
	 * @param kind how to fail them
	 * @return these faults
	 */
	public synchronized Faults failNext(int count, FaultKind kind) {
		Assert.isTrue(count >= 0, "count must not be negative");
		Assert.notNull(kind, "kind must not be null");
		this.scheduled.addAll(Collections.nCopies(count, kind));
		return this;
	}

	/**
	 * Fail the next {@code count} Login calls with {@code kind}, before any failure
	 * scheduled for every auth call. RefreshToken calls are not affected.
	 * @param count how many Login calls to fail
	 * @param kind how to fail them
	 * @return these faults
	 * @since 0.1.0
	 */
	public synchronized Faults failNextLogins(int count, FaultKind kind) {
		Assert.isTrue(count >= 0, "count must not be negative");
		Assert.notNull(kind, "kind must not be null");
		this.scheduledLogins.addAll(Collections.nCopies(count, kind));
		return this;
	}

	/**
	 * Fail the next {@code count} RefreshToken calls with {@code kind}, before any
	 * failure scheduled for every auth call. Login calls are not affected.
	 * @param count how many RefreshToken calls to fail
	 * @param kind how to fail them
	 * @return these faults
	 * @since 0.1.0
	 */
	public synchronized Faults failNextRefreshes(int count, FaultKind kind) {
		Assert.isTrue(count >= 0, "count must not be negative");
		Assert.notNull(kind, "kind must not be null");
		this.scheduledRefreshes.addAll(Collections.nCopies(count, kind));
		return this;
	}

	/**
	 * Return the failures still scheduled by {@link #failNext(int, FaultKind)} for every
	 * auth call, next first; those scheduled for Login or RefreshToken alone are not
	 * listed.
	 * @return the scheduled failures
	 */
	public synchronized List<FaultKind> scheduled() {
		return List.copyOf(this.scheduled);
	}

	/**
	 * Fail this share of auth calls.
	 * @param errorRate between 0 (none) and 1 (all)
	 * @return these faults
	 */
	public synchronized Faults errorRate(double errorRate) {
		checkErrorRate(errorRate);
		this.errorRate = errorRate;
		return this;
	}

	/**
	 * Return the share of auth calls that fail.
	 * @return the error rate, 0 to 1
	 */
	public synchronized double errorRate() {
		return this.errorRate;
	}

	/**
	 * Choose among these kinds when the error rate fails a call.
	 * @param errorKinds at least one kind
	 * @return these faults
	 */
	public synchronized Faults errorKinds(FaultKind... errorKinds) {
		return errorKinds(Arrays.asList(errorKinds));
	}

	/**
	 * Choose among these kinds when the error rate fails a call.
	 * @param errorKinds at least one kind
	 * @return these faults
	 */
	public synchronized Faults errorKinds(Collection<FaultKind> errorKinds) {
		checkErrorKinds(errorKinds);
		this.errorKinds = EnumSet.copyOf(errorKinds);
		return this;
	}

	/**
	 * Return the kinds of failure the error rate picks from.
	 * @return the kinds
	 */
	public synchronized Set<FaultKind> errorKinds() {
		return Collections.unmodifiableSet(EnumSet.copyOf(this.errorKinds));
	}

	/**
	 * Delay every auth call by this much before it is answered.
	 * @param latency zero or more
	 * @return these faults
	 */
	public synchronized Faults latency(Duration latency) {
		checkLatency(latency);
		this.latency = latency;
		return this;
	}

	/**
	 * Return how long each answer is delayed.
	 * @return the latency
	 */
	public synchronized Duration latency() {
		return this.latency;
	}

	/**
	 * Shift the clock the server issues and validates tokens with.
	 * @param clockOffset how far ahead (behind when negative) of the configured clock
	 * @return these faults
	 */
	public synchronized Faults clockOffset(Duration clockOffset) {
		Assert.notNull(clockOffset, "clockOffset must not be null");
		this.clockOffset = clockOffset;
		return this;
	}

	/**
	 * Return how far the server's clock runs ahead, or behind when negative.
	 * @return the offset
	 */
	public synchronized Duration clockOffset() {
		return this.clockOffset;
	}

	/**
	 * Restart the error rate's randomness from this seed, so the same calls fail again.
	 * @param seed the seed
	 * @return these faults
	 */
	public synchronized Faults seed(long seed) {
		this.seed = seed;
		this.random = newRandom(seed);
		return this;
	}

	/**
	 * Return the seed of the error rate's randomness.
	 * @return the seed, or {@code null} for none
	 */
	public synchronized @Nullable Long seed() {
		return this.seed;
	}

	/**
	 * Stop injecting faults: no scheduled failures, no error rate, no latency, no clock
	 * offset. The error kinds and the seed stay.
	 */
	public synchronized void clear() {
		this.scheduled.clear();
		this.scheduledLogins.clear();
		this.scheduledRefreshes.clear();
		this.errorRate = 0;
		this.latency = Duration.ZERO;
		this.clockOffset = Duration.ZERO;
	}

	/**
	 * Decide the fate of one auth call.
	 * @param login whether the call is a Login (else a RefreshToken)
	 * @return the fault to inject, or {@code null} to answer normally
	 */
	synchronized @Nullable FaultKind nextAuthFault(boolean login) {
		FaultKind scheduled = (login ? this.scheduledLogins : this.scheduledRefreshes).poll();
		if (scheduled == null) {
			scheduled = this.scheduled.poll();
		}
		if (scheduled != null) {
			return scheduled;
		}
		if (this.errorRate > 0 && this.random.nextDouble() < this.errorRate) {
			List<FaultKind> kinds = List.copyOf(this.errorKinds);
			return kinds.get(this.random.nextInt(kinds.size()));
		}
		return null;
	}

	static void checkErrorRate(double errorRate) {
		Assert.isTrue(errorRate >= 0 && errorRate <= 1, "errorRate must be between 0 and 1");
	}

	static void checkErrorKinds(@Nullable Collection<FaultKind> errorKinds) {
		Assert.notEmpty(errorKinds, "errorKinds must not be empty");
	}

	static void checkLatency(@Nullable Duration latency) {
		Assert.isTrue(latency != null && !latency.isNegative(), "latency must not be negative");
	}

	private static Random newRandom(@Nullable Long seed) {
		return (seed != null) ? new Random(seed) : new Random();
	}

}
