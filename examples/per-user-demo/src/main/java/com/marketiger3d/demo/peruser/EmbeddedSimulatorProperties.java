package com.marketiger3d.demo.peruser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the simulator the demo embeds when no base URL is configured, under
 * {@code demo.simulator}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("demo.simulator")
public class EmbeddedSimulatorProperties {

	/**
	 * How long the simulator's access tokens live; short, so that refreshes can be
	 * watched.
	 */
	private Duration accessTokenLifetime = Duration.ofSeconds(30);

	/**
	 * MarkeTiger accounts the simulator accepts at Login; the list replaces the two demo
	 * accounts.
	 */
	private List<Account> accounts = new ArrayList<>(
			List.of(new Account("alice@marketiger3d.test", "alice-marketiger-password"),
					new Account("bob@marketiger3d.test", "bob-marketiger-password")));

	public Duration getAccessTokenLifetime() {
		return this.accessTokenLifetime;
	}

	public void setAccessTokenLifetime(Duration accessTokenLifetime) {
		this.accessTokenLifetime = accessTokenLifetime;
	}

	public List<Account> getAccounts() {
		return this.accounts;
	}

	public void setAccounts(List<Account> accounts) {
		this.accounts = accounts;
	}

	/**
	 * A MarkeTiger account of the simulator.
	 */
	public static class Account {

		/**
		 * E-mail the account logs in with.
		 */
		private String email = "";

		/**
		 * Password the account logs in with.
		 */
		private String password = "";

		public Account() {
		}

		Account(String email, String password) {
			this.email = email;
			this.password = password;
		}

		public String getEmail() {
			return this.email;
		}

		public void setEmail(String email) {
			this.email = email;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		@Override
		public String toString() {
			return "Account[email=" + this.email + "]";
		}

	}

}
