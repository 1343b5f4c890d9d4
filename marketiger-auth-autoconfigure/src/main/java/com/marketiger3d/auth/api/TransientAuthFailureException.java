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

	private final @Nullable Duration retryAfter;

	public TransientAuthFailureException(String message) {
		this(message, (Duration) null);
	}

	public TransientAuthFailureException(String message, Throwable cause) {
		super(message, cause);
		this.retryAfter = null;
	}

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
