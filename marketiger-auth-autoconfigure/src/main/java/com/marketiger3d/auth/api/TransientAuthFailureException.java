package com.marketiger3d.auth.api;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * An auth call failed in a way that may succeed later: an IO error, a timeout, a 5xx or a
 * 429. Carries the server's {@code Retry-After} hint when it sent one, and whether the
 * server may have processed the call ({@link #isPossiblyProcessed()}): a refresh whose
 * answer was lost may have spent its refresh token.
 *
 * @since 0.1.0
 */
public class TransientAuthFailureException extends MarketigerAuthException {

	/** How long the server asked to wait, or {@code null} when it did not say. */
	private final @Nullable Duration retryAfter;

	/** Whether the server may have processed the call whose answer this is. */
	private final boolean possiblyProcessed;

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
		this(message, cause, false);
	}

	/**
	 * Create the exception with its cause, saying whether the server may have processed
	 * the call.
	 * @param message the detail message
	 * @param cause the failure that caused it
	 * @param possiblyProcessed whether the request may have reached the server and been
	 * processed (its answer lost or cut off), rather than certainly not
	 */
	public TransientAuthFailureException(String message, Throwable cause, boolean possiblyProcessed) {
		super(message, cause);
		this.retryAfter = null;
		this.possiblyProcessed = possiblyProcessed;
	}

	/**
	 * Create the exception with the wait a server asked for.
	 * @param message the detail message
	 * @param retryAfter the server's {@code Retry-After}, or {@code null} for none
	 */
	public TransientAuthFailureException(String message, @Nullable Duration retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
		this.possiblyProcessed = false;
	}

	/**
	 * Return how long the server asked the client to wait before trying again.
	 * @return the server's hint, or empty when it gave none
	 */
	public Optional<Duration> getRetryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

	/**
	 * Return whether the server may have processed the call although no readable answer
	 * arrived: the connection closed or timed out after the request was sent. A refresh
	 * that failed so may have rotated the refresh token, which must then not be sent
	 * again.
	 * @return {@code false} when the call certainly did not reach the server's logic (no
	 * connection, or a 429 or 5xx answer)
	 */
	public boolean isPossiblyProcessed() {
		return this.possiblyProcessed;
	}

}
