package com.marketiger3d.auth.token;

import java.time.Duration;
import java.time.Instant;

import com.marketiger3d.auth.api.InvalidCredentialsException;
import com.marketiger3d.auth.api.MarketigerAuthException;
import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import com.marketiger3d.auth.api.RefreshTokenRejectedException;
import com.marketiger3d.auth.api.TransientAuthFailureException;
import org.jspecify.annotations.Nullable;

/**
 * How long a session's renewals pause after one failed, and what callers get meanwhile.
 * <ul>
 * <li>a <b>permanent</b> failure (credentials rejected, re-authentication required, a
 * stored pair that cannot be read): from the longest backoff, doubling with each one in a
 * row up to the longest login backoff, callers failing at once with it meanwhile, so that
 * a wrong password neither holds callers nor hammers Login;</li>
 * <li>the server's {@code Retry-After} hint, capped;</li>
 * <li>the longest backoff for an unreachable store, the first backoff for other transient
 * failures, and no pause for anything else.</li>
 * </ul>
 * A failure is never remembered past its pause: the first renewal after it makes a real
 * attempt.
 */
final class RenewalBackoff {

	private final RetryPolicy retryPolicy;

	RenewalBackoff(RetryPolicy retryPolicy) {
		this.retryPolicy = retryPolicy;
	}

	/**
	 * Return how long the next renewal waits after {@code failure}, the {@code inARow}-th
	 * permanent failure in a row when it is one.
	 */
	Duration after(Throwable failure, int inARow) {
		if (isPermanent(failure)) {
			return permanentPause(inARow);
		}
		Duration retryAfter = RetryPolicy.retryAfter(failure);
		if (retryAfter != null) {
			return min(retryAfter, this.retryPolicy.maxRetryAfter());
		}
		if (failure instanceof TokenStoreUnavailableException) {
			return this.retryPolicy.maxBackoff();
		}
		if (failure instanceof TransientAuthFailureException || RetryPolicy.isRetryable(failure)) {
			return this.retryPolicy.initialBackoff();
		}
		return Duration.ZERO;
	}

	private Duration permanentPause(int inARow) {
		Duration longest = this.retryPolicy.maxLoginBackoff();
		Duration pause = this.retryPolicy.maxBackoff();
		for (int i = 1; i < inARow && pause.compareTo(longest) < 0; i++) {
			pause = pause.multipliedBy(2);
		}
		return min(pause, longest);
	}

	/**
	 * Return whether {@code failure} will not go away by trying again soon: the
	 * credentials, the session or the stored pair need someone to act. A user's session
	 * that is not connected is not one: connecting it, on any instance, must take effect
	 * at once.
	 */
	static boolean isPermanent(@Nullable Throwable failure) {
		if (failure instanceof MarketigerAccountNotConnectedException) {
			return false;
		}
		if (failure instanceof InvalidCredentialsException || failure instanceof ReauthenticationRequiredException) {
			return true;
		}
		return failure instanceof MarketigerAuthException && !RetryPolicy.isRetryable(failure)
				&& !(failure instanceof TokenStoreUnavailableException)
				&& !(failure instanceof AccessTokenTimeoutException)
				&& !(failure instanceof RefreshTokenRejectedException);
	}

	/**
	 * Return whether callers of an expired token fail at once rather than wait out a
	 * pause of {@code waitMillis} after {@code failure}. A short pause is waited out
	 * inside the renewal; one after a permanent failure, or as long as the longest
	 * backoff (a server's long {@code Retry-After}, a transient failure when the first
	 * backoff is the longest), fails them at once, so that a request storm sends no call.
	 * The pause after an unreachable store is the engine's own, and is waited out: the
	 * renewal that follows it asks the store again.
	 */
	boolean failsAtOnce(long waitMillis, @Nullable Throwable failure) {
		if (waitMillis <= 0 || failure instanceof TokenStoreUnavailableException) {
			return false;
		}
		return isPermanent(failure) || waitMillis >= this.retryPolicy.maxBackoff().toMillis();
	}

	/**
	 * Return what a caller gets while the pause after {@code failure} holds: a new
	 * exception of the same kind for a permanent failure (each caller its own, so that
	 * nothing accumulates on a shared instance), else a transient failure naming the end
	 * of the pause.
	 */
	MarketigerAuthException whilePaused(String sessionKey, @Nullable Throwable failure, Instant until, Duration wait) {
		String message = (failure != null) ? failure.getMessage() : null;
		String paused = " (not tried again before " + until + ")";
		if (failure instanceof InvalidCredentialsException) {
			return new InvalidCredentialsException(message + paused, failure);
		}
		if (failure instanceof ReauthenticationRequiredException) {
			return new ReauthenticationRequiredException(message + paused, failure);
		}
		if (failure != null && isPermanent(failure)) {
			return new MarketigerAuthException(message + paused, failure);
		}
		return new TransientAuthFailureException("MarkeTiger auth calls for session '" + sessionKey
				+ "' are paused until " + until + " after a failure; try again later", wait);
	}

	private static Duration min(Duration first, Duration second) {
		return (first.compareTo(second) <= 0) ? first : second;
	}

}
