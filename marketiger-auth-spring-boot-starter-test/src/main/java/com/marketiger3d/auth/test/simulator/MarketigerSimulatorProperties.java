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

	/**
	 * Return the accounts accepted at Login, each as {@code email:password}.
	 * @return the accounts, each as {@code email:password}
	 */
	public List<String> getAccounts() {
		return this.accounts;
	}

	/**
	 * Set the accounts accepted at Login, each as {@code email:password}.
	 * @param accounts the accounts, each as {@code email:password}
	 */
	public void setAccounts(List<String> accounts) {
		this.accounts = accounts;
	}

	/**
	 * Return how long an access token is valid after it is issued.
	 * @return the lifetime
	 */
	public Duration getAccessTokenLifetime() {
		return this.accessTokenLifetime;
	}

	/**
	 * Set how long an access token is valid after it is issued.
	 * @param accessTokenLifetime the lifetime
	 */
	public void setAccessTokenLifetime(Duration accessTokenLifetime) {
		this.accessTokenLifetime = accessTokenLifetime;
	}

	/**
	 * Return how long a refresh token is valid after it is issued.
	 * @return the lifetime
	 */
	public Duration getRefreshTokenLifetime() {
		return this.refreshTokenLifetime;
	}

	/**
	 * Set how long a refresh token is valid after it is issued.
	 * @param refreshTokenLifetime the lifetime
	 */
	public void setRefreshTokenLifetime(Duration refreshTokenLifetime) {
		this.refreshTokenLifetime = refreshTokenLifetime;
	}

	/**
	 * Return the share of auth calls to fail from the start, between 0 and 1.
	 * @return the share
	 */
	public double getErrorRate() {
		return this.errorRate;
	}

	/**
	 * Set the share of auth calls to fail from the start, between 0 and 1.
	 * @param errorRate the share
	 */
	public void setErrorRate(double errorRate) {
		this.errorRate = errorRate;
	}

	/**
	 * Return the kinds of failure the error rate chooses from.
	 * @return the kinds
	 */
	public Set<FaultKind> getErrorKinds() {
		return this.errorKinds;
	}

	/**
	 * Set the kinds of failure the error rate chooses from.
	 * @param errorKinds the kinds
	 */
	public void setErrorKinds(Set<FaultKind> errorKinds) {
		this.errorKinds = errorKinds;
	}

	/**
	 * Return the delay added to every auth call.
	 * @return the delay
	 */
	public Duration getLatency() {
		return this.latency;
	}

	/**
	 * Set the delay added to every auth call.
	 * @param latency the delay
	 */
	public void setLatency(Duration latency) {
		this.latency = latency;
	}

	/**
	 * Return how far the simulator's clock runs ahead, or behind when negative.
	 * @return the offset
	 */
	public Duration getClockOffset() {
		return this.clockOffset;
	}

	/**
	 * Set how far the simulator's clock runs ahead, or behind when negative.
	 * @param clockOffset the offset
	 */
	public void setClockOffset(Duration clockOffset) {
		this.clockOffset = clockOffset;
	}

	/**
	 * Return whether the starter is given the first account as
	 * {@code marketiger.auth.email} and {@code password}.
	 * @return whether it is
	 */
	public boolean isServiceAccount() {
		return this.serviceAccount;
	}

	/**
	 * Set whether the starter is given the first account as {@code marketiger.auth.email}
	 * and {@code password}.
	 * @param serviceAccount whether it is
	 */
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
