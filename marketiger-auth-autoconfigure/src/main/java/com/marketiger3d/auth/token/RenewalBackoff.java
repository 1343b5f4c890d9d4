package com.marketiger3d.auth.token;

import java.time.Duration;

import com.marketiger3d.auth.api.InvalidCredentialsException;
import com.marketiger3d.auth.api.TransientAuthFailureException;
import org.jspecify.annotations.Nullable;

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
	 * Return whether callers of an expired token fail at once rather than wait out a
	 * pause of {@code waitMillis} after {@code failure}. A short pause is waited out
	 * inside the renewal; one as long as the longest backoff (a server's long
	 * {@code Retry-After}, rejected credentials, a transient failure when the first
	 * backoff is the longest) fails them at once, so that a request storm sends no call.
	 * The pause after an unreachable store is the engine's own, and is waited out: the
	 * renewal that follows it asks the store again.
	 */
	boolean failsAtOnce(long waitMillis, @Nullable Throwable failure) {
		return waitMillis > 0 && waitMillis >= this.retryPolicy.maxBackoff().toMillis()
				&& !(failure instanceof TokenStoreUnavailableException);
	}

}
