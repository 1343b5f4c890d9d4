package com.marketiger3d.auth.api;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * An auth call failed in a way that may succeed later: an IO error, a timeout, a 5xx or a
 * 429. Carries the server's {@code Retry-After} hint when it sent one.
 *
 * @since 0.1.0
 */
public class TransientAuthFailureException extends MarketigerAuthException {

	/** How long the server asked to wait, or {@code null} when it did not say. */
	private final @Nullable Duration retryAfter;

	/**
	 * Create the exception.
	 * @param message the detail message
	 */
	public TransientAuthFailureException(String message) {
		this(message, (Duration) null);
	}

	/**
	 * Create the exception with its cause.
	 * @param message the detail message
	 * @param cause the failure that caused it
	 */
	public TransientAuthFailureException(String message, Throwable cause) {
		super(message, cause);
		this.retryAfter = null;
	}

	/**
	 * Create the exception with the wait a server asked for.
	 * @param message the detail message
	 * @param retryAfter the server's {@code Retry-After}, or {@code null} for none
	 */
	public TransientAuthFailureException(String message, @Nullable Duration retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
	}

	/**
	 * Return how long the server asked the client to wait before trying again.
	 * @return the server's hint, or empty when it gave none
	 */
	public Optional<Duration> getRetryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

}
