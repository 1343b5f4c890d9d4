package com.marketiger3d.auth.token;

import java.time.Duration;

import com.marketiger3d.auth.api.MarketigerAuthException;

/**
 * Blocking code waited longer than its bound for an access token, usually because a
 * renewal is slow or retrying. The renewal goes on: a later call may succeed.
 *
 * @since 0.1.0
 * @see BlockingTokenAccess
 */
public class AccessTokenTimeoutException extends MarketigerAuthException {

	/** How long the caller waited. */
	private final Duration timeout;

	/**
	 * Create the exception.
	 * @param message the detail message
	 * @param timeout how long the caller waited
	 */
	public AccessTokenTimeoutException(String message, Duration timeout) {
		super(message);
		this.timeout = timeout;
	}

	/**
	 * Return how long the caller waited.
	 * @return the bound that ran out
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

}
