package com.marketiger3d.simulator;

import org.springframework.util.Assert;

/**
 * An account the simulator accepts at Login.
 *
 * @param email the e-mail address, compared ignoring case
 * @param password the password, compared exactly
 * @since 0.1.0
 */
public record Account(String email, String password) {

	/**
	 * Check the e-mail and password.
	 * @param email the account's e-mail
	 * @param password the account's password
	 */
	public Account {
		Assert.hasText(email, "email must not be empty");
		Assert.hasText(password, "password must not be empty");
	}

	@Override
	public String toString() {
		return "Account[email=" + this.email + "]";
	}

}
