package com.marketiger3d.auth.test.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.marketiger3d.simulator.Account;
import com.marketiger3d.simulator.FaultKind;
import com.marketiger3d.simulator.SimulatorSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the simulator {@link AutoConfigureMarketigerSimulator} starts, under
 * {@code marketiger.test.simulator}: the annotation's attributes.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("marketiger.test.simulator")
public class MarketigerSimulatorProperties {

	/**
	 * Accounts accepted at Login, each as email:password.
	 */
	private List<String> accounts = new ArrayList<>(
			List.of(SimulatorSettings.DEMO_ACCOUNT.email() + ":" + SimulatorSettings.DEMO_ACCOUNT.password()));

	/**
	 * How long an access token is valid after it is issued.
	 */
	private Duration accessTokenLifetime = Duration.ofSeconds(30);

	/**
	 * How long a refresh token is valid after it is issued.
	 */
	private Duration refreshTokenLifetime = Duration.ofHours(12);

	/**
	 * Share of auth calls to fail from the start, between 0 and 1.
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
	 * How far the simulator's clock runs ahead, or behind when negative.
	 */
	private Duration clockOffset = Duration.ZERO;

	/**
	 * Whether to give the starter the first account as marketiger.auth.email and
	 * password.
	 */
	private boolean serviceAccount = true;

	public List<String> getAccounts() {
		return this.accounts;
	}

	public void setAccounts(List<String> accounts) {
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

	public boolean isServiceAccount() {
		return this.serviceAccount;
	}

	public void setServiceAccount(boolean serviceAccount) {
		this.serviceAccount = serviceAccount;
	}

	/**
	 * Turn these properties into the simulator's settings, checking them.
	 * @param clock the clock the simulator reads the time from
	 * @return the settings
	 * @throws IllegalStateException naming the first invalid property, never quoting a
	 * password
	 */
	SimulatorSettings toSettings(Clock clock) {
		List<Account> accounts = new ArrayList<>();
		for (int i = 0; i < this.accounts.size(); i++) {
			String account = this.accounts.get(i);
			int colon = (account != null) ? account.indexOf(':') : -1;
			if (colon <= 0 || colon == account.length() - 1) {
				throw new IllegalStateException("marketiger.test.simulator.accounts[" + i + "] must be email:password");
			}
			accounts.add(new Account(account.substring(0, colon).trim(), account.substring(colon + 1)));
		}
		try {
			return SimulatorSettings.builder()
				.accounts(accounts)
				.accessTokenLifetime(this.accessTokenLifetime)
				.refreshTokenLifetime(this.refreshTokenLifetime)
				.errorRate(this.errorRate)
				.errorKinds(this.errorKinds)
				.latency(this.latency)
				.clockOffset(this.clockOffset)
				.clock(clock)
				.build();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid marketiger.test.simulator properties: " + ex.getMessage(), ex);
		}
	}

}
