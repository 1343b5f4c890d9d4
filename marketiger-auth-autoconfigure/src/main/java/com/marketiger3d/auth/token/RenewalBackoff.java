package com.marketiger3d.auth.token;

import java.time.Duration;

import com.marketiger3d.auth.api.InvalidCredentialsException;
import com.marketiger3d.auth.api.TransientAuthFailureException;

/**
 * How long a session's renewals pause after one failed: the server's {@code Retry-After}
 * hint, the longest backoff for rejected credentials and an unreachable store (a wrong
 * password must not hammer Login), the first backoff for other transient failures, and no
 * pause for anything else. A failure is never remembered past its pause: the first
 * renewal after it makes a real attempt.
 */
final class RenewalBackoff {

	private final RetryPolicy retryPolicy;

	RenewalBackoff(RetryPolicy retryPolicy) {
		this.retryPolicy = retryPolicy;
	}

	/**
	 * Return how long the next renewal waits after {@code failure}.
	 */
	Duration after(Throwable failure) {
		Duration retryAfter = RetryPolicy.retryAfter(failure);
		if (retryAfter != null) {
			return retryAfter;
		}
		if (failure instanceof InvalidCredentialsException || failure instanceof TokenStoreUnavailableException) {
			return this.retryPolicy.maxBackoff();
		}
		if (failure instanceof TransientAuthFailureException || RetryPolicy.isRetryable(failure)) {
			return this.retryPolicy.initialBackoff();
		}
		return Duration.ZERO;
	}

	/**
	 * Return whether a pause of {@code waitMillis} is too long for callers to wait out
	 * inside a renewal: a server that asked for more than the longest backoff fails the
	 * callers at once instead.
	 */
	boolean isTooLongToWait(long waitMillis) {
		return waitMillis > this.retryPolicy.maxBackoff().toMillis();
	}

}
