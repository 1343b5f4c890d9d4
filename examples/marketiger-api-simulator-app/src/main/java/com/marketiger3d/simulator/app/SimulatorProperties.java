package com.marketiger3d.simulator.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.marketiger3d.simulator.Account;
import com.marketiger3d.simulator.FaultKind;
import com.marketiger3d.simulator.SimulatorSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the standalone simulator, under {@code marketiger.simulator}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("marketiger.simulator")
public class SimulatorProperties {

	/**
	 * Port to listen on, on 127.0.0.1; 0 for a free one.
	 */
	private int port = 8089;

	/**
	 * Accounts accepted at Login.
	 */
	private List<Account> accounts = new ArrayList<>(List.of(SimulatorSettings.DEMO_ACCOUNT));

	/**
	 * How long an access token is valid after it is issued.
	 */
	private Duration accessTokenLifetime = Duration.ofSeconds(30);

	/**
	 * How long a refresh token is valid after it is issued.
	 */
	private Duration refreshTokenLifetime = Duration.ofHours(12);

	private final Faults faults = new Faults();

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public List<Account> getAccounts() {
		return this.accounts;
	}

	public void setAccounts(List<Account> accounts) {
		this.accounts = accounts;
	}

	public Duration getAccessTokenLifetime() {
		return this.accessTokenLifetime;
	}

	public void setAccessTokenLifetime(Duration accessTokenLifetime) {
		this.accessTokenLifetime = accessTokenLifetime;
	}

	public Duration getRefreshTokenLifetime() {
		return this.refreshTokenLifetime;
	}

	public void setRefreshTokenLifetime(Duration refreshTokenLifetime) {
		this.refreshTokenLifetime = refreshTokenLifetime;
	}

	public Faults getFaults() {
		return this.faults;
	}

	/**
	 * Turn these properties into settings, checking them.
	 * @return the settings
	 * @throws IllegalStateException naming the first invalid setting
	 */
	public SimulatorSettings toSettings() {
		try {
			return SimulatorSettings.builder()
				.port(this.port)
				.accounts(this.accounts)
				.accessTokenLifetime(this.accessTokenLifetime)
				.refreshTokenLifetime(this.refreshTokenLifetime)
				.errorRate(this.faults.errorRate)
				.errorKinds(this.faults.errorKinds)
				.latency(this.faults.latency)
				.clockOffset(this.faults.clockOffset)
				.seed(this.faults.seed)
				.build();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid marketiger.simulator properties: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Faults injected into Login and RefreshToken from the start; the admin endpoints
	 * change them at run time.
	 */
	public static class Faults {

		/**
		 * Share of auth calls to fail, between 0 and 1.
		 */
		private double errorRate;

		/**
		 * Kinds of failure the error rate chooses from.
		 */
		private Set<FaultKind> errorKinds = EnumSet.copyOf(SimulatorSettings.DEFAULT_ERROR_KINDS);

		/**
		 * Delay added to every auth call.
		 */
		private Duration latency = Duration.ZERO;

		/**
		 * How far the server's clock runs ahead, or behind when negative.
		 */
		private Duration clockOffset = Duration.ZERO;

		/**
		 * Seed of the error rate's randomness, for failures that repeat from run to run.
		 */
		private @Nullable Long seed;

		public double getErrorRate() {
			return this.errorRate;
		}

		public void setErrorRate(double errorRate) {
			this.errorRate = errorRate;
		}

		public Set<FaultKind> getErrorKinds() {
			return this.errorKinds;
		}

		public void setErrorKinds(Set<FaultKind> errorKinds) {
			this.errorKinds = errorKinds;
		}

		public Duration getLatency() {
			return this.latency;
		}

		public void setLatency(Duration latency) {
			this.latency = latency;
		}

		public Duration getClockOffset() {
			return this.clockOffset;
		}

		public void setClockOffset(Duration clockOffset) {
			this.clockOffset = clockOffset;
		}

		public @Nullable Long getSeed() {
			return this.seed;
		}

		public void setSeed(@Nullable Long seed) {
			this.seed = seed;
		}

	}

}
