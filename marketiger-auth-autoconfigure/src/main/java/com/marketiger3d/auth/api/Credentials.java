package com.marketiger3d.auth.api;

import java.util.Objects;

/**
 * E-mail and password for Login. {@link #toString()} never shows the password.
 *
 * @param email the account's e-mail
 * @param password the account's password
 * @since 0.1.0
 */
public record Credentials(String email, String password) {

	/**
	 * Check the components.
	 * @param email the account's e-mail
	 * @param password the account's password
	 */
	public Credentials {
		Objects.requireNonNull(email, "email must not be null");
		Objects.requireNonNull(password, "password must not be null");
	}

	@Override
	public String toString() {
		return "Credentials[email=" + this.email + ", password=******]";
	}

}
