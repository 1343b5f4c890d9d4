package com.marketiger3d.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Settings of a {@link MarketigerSimulator}, fixed at start. The fault settings are only
 * the initial values: {@link Faults} changes them while the simulator runs.
 *
 * @since 0.1.0
 */
public final class SimulatorSettings {

	/** The account a simulator accepts unless told otherwise. */
	public static final Account DEMO_ACCOUNT = new Account("demo@marketiger3d.test", "demo-password");

	/**
	 * The kinds an error rate chooses from unless told otherwise: every kind that
	 * answers.
	 */
	public static final Set<FaultKind> DEFAULT_ERROR_KINDS = Collections.unmodifiableSet(
			EnumSet.of(FaultKind.SERVICE_UNAVAILABLE, FaultKind.TOO_MANY_REQUESTS, FaultKind.TRUNCATED_JSON));

	private final int port;

	private final List<Account> accounts;

	private final Duration accessTokenLifetime;

	private final Duration refreshTokenLifetime;

	private final Clock clock;

	private final double errorRate;

	private final Set<FaultKind> errorKinds;

	private final Duration latency;

	private final Duration clockOffset;

	private final @Nullable Long seed;

	private SimulatorSettings(Builder builder) {
		this.port = builder.port;
		this.accounts = List.copyOf(builder.accounts);
		this.accessTokenLifetime = builder.accessTokenLifetime;
		this.refreshTokenLifetime = builder.refreshTokenLifetime;
		this.clock = builder.clock;
		this.errorRate = builder.errorRate;
		this.errorKinds = Collections.unmodifiableSet(EnumSet.copyOf(builder.errorKinds));
		this.latency = builder.latency;
		this.clockOffset = builder.clockOffset;
		this.seed = builder.seed;
	}

	/**
	 * Return the settings of a simulator on a free port with the {@link #DEMO_ACCOUNT},
	 * 30-second access tokens, 12-hour refresh tokens, the system clock and no faults.
	 * @return the default settings
	 */
	public static SimulatorSettings defaults() {
		return builder().build();
	}

	/**
	 * Start from the {@link #defaults()}.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the port to listen on, {@code 0} for a free one.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the accounts accepted at Login.
	 * @return the accounts, never empty
	 */
	public List<Account> accounts() {
		return this.accounts;
	}

	/**
	 * Return how long an access token is valid after it is issued.
	 * @return the access-token lifetime
	 */
	public Duration accessTokenLifetime() {
		return this.accessTokenLifetime;
	}

	/**
	 * Return how long a refresh token is valid after it is issued.
	 * @return the refresh-token lifetime
	 */
	public Duration refreshTokenLifetime() {
		return this.refreshTokenLifetime;
	}

	/**
	 * Return the clock the server's time is read from, before any clock-offset fault.
	 * @return the clock
	 */
	public Clock clock() {
		return this.clock;
	}

	/**
	 * Return the share of auth calls that fail with a random one of
	 * {@link #errorKinds()}.
	 * @return the initial error rate, between 0 and 1
	 */
	public double errorRate() {
		return this.errorRate;
	}

	/**
	 * Return the kinds of fault the error rate chooses from.
	 * @return the initial error kinds, never empty
	 */
	public Set<FaultKind> errorKinds() {
		return this.errorKinds;
	}

	/**
	 * Return the delay added to every auth call.
	 * @return the initial latency
	 */
	public Duration latency() {
		return this.latency;
	}

	/**
	 * Return how far the server's clock is ahead of {@link #clock()} (behind when
	 * negative).
	 * @return the initial clock offset
	 */
	public Duration clockOffset() {
		return this.clockOffset;
	}

	/**
	 * Return the seed of the randomness behind the error rate.
	 * @return the seed, or {@code null} for an unpredictable one
	 */
	public @Nullable Long seed() {
		return this.seed;
	}

	/**
	 * Builds {@link SimulatorSettings}; every value starts at its default.
	 */
	public static final class Builder {

		private int port;

		private List<Account> accounts = List.of(DEMO_ACCOUNT);

		private Duration accessTokenLifetime = Duration.ofSeconds(30);

		private Duration refreshTokenLifetime = Duration.ofHours(12);

		private Clock clock = Clock.systemUTC();

		private double errorRate;

		private Set<FaultKind> errorKinds = EnumSet.copyOf(DEFAULT_ERROR_KINDS);

		private Duration latency = Duration.ZERO;

		private Duration clockOffset = Duration.ZERO;

		private @Nullable Long seed;

		private Builder() {
		}

		/**
		 * Set the port to listen on.
		 * @param port the port; 0 for any free one
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Replace the accepted accounts.
		 * @param accounts the accounts, at least one
		 * @return this builder
		 */
		public Builder accounts(Account... accounts) {
			return accounts(Arrays.asList(accounts));
		}

		/**
		 * Replace the accepted accounts.
		 * @param accounts the accounts, at least one
		 * @return this builder
		 */
		public Builder accounts(Collection<Account> accounts) {
			this.accounts = new ArrayList<>(accounts);
			return this;
		}

		/**
		 * Set how long access tokens live.
		 * @param accessTokenLifetime the lifetime
		 * @return this builder
		 */
		public Builder accessTokenLifetime(Duration accessTokenLifetime) {
			this.accessTokenLifetime = accessTokenLifetime;
			return this;
		}

		/**
		 * Set how long refresh tokens live.
		 * @param refreshTokenLifetime the lifetime
		 * @return this builder
		 */
		public Builder refreshTokenLifetime(Duration refreshTokenLifetime) {
			this.refreshTokenLifetime = refreshTokenLifetime;
			return this;
		}

		/**
		 * Set the server's clock.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Set the share of auth calls that fail.
		 * @param errorRate from 0 to 1
		 * @return this builder
		 */
		public Builder errorRate(double errorRate) {
			this.errorRate = errorRate;
			return this;
		}

		/**
		 * Set the kinds of failure the error rate picks from.
		 * @param errorKinds the kinds
		 * @return this builder
		 */
		public Builder errorKinds(Collection<FaultKind> errorKinds) {
			this.errorKinds = errorKinds.isEmpty() ? EnumSet.noneOf(FaultKind.class) : EnumSet.copyOf(errorKinds);
			return this;
		}

		/**
		 * Set how long each answer is delayed.
		 * @param latency the latency
		 * @return this builder
		 */
		public Builder latency(Duration latency) {
			this.latency = latency;
			return this;
		}

		/**
		 * Set how far the server's clock runs ahead, or behind when negative.
		 * @param clockOffset the offset
		 * @return this builder
		 */
		public Builder clockOffset(Duration clockOffset) {
			this.clockOffset = clockOffset;
			return this;
		}

		/**
		 * Set the seed of the error rate's randomness, for failures that repeat.
		 * @param seed the seed, or {@code null} for none
		 * @return this builder
		 */
		public Builder seed(@Nullable Long seed) {
			this.seed = seed;
			return this;
		}

		/**
		 * Check the values and build the settings.
		 * @return the settings
		 * @throws IllegalArgumentException naming the first invalid setting
		 */
		public SimulatorSettings build() {
			Assert.isTrue(this.port >= 0 && this.port <= 65535, "port must be between 0 and 65535");
			Assert.notEmpty(this.accounts, "accounts must not be empty");
			Assert.isTrue(isPositive(this.accessTokenLifetime), "accessTokenLifetime must be positive");
			Assert.isTrue(isPositive(this.refreshTokenLifetime), "refreshTokenLifetime must be positive");
			Assert.notNull(this.clock, "clock must not be null");
			Faults.checkErrorRate(this.errorRate);
			Faults.checkErrorKinds(this.errorKinds);
			Faults.checkLatency(this.latency);
			Assert.notNull(this.clockOffset, "clockOffset must not be null");
			return new SimulatorSettings(this);
		}

		private static boolean isPositive(@Nullable Duration duration) {
			return duration != null && !duration.isNegative() && !duration.isZero();
		}

	}

}
