package com.marketiger3d.auth.token;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The pause of one session's renewals after a failure: what the last renewal failed with,
 * how many permanent failures came in a row, and until when no renewal starts. Its rules
 * are the {@link RenewalBackoff}'s; this keeps only the state. Written by one renewal at
 * a time, read by any caller.
 */
final class RenewalPause {

	private final String sessionKey;

	/** No renewal starts before this instant (epoch millis). */
	private volatile long notBeforeMillis;

	private volatile @Nullable Throwable lastFailure;

	private volatile int permanentFailures;

	RenewalPause(String sessionKey) {
		this.sessionKey = sessionKey;
	}

	/** Start the pause after a renewal that failed with {@code failure}. */
	void failed(Throwable failure, long nowMillis, RenewalBackoff backoff) {
		int inARow = RenewalBackoff.isPermanent(failure) ? this.permanentFailures + 1 : 0;
		this.permanentFailures = inARow;
		this.lastFailure = failure;
		this.notBeforeMillis = nowMillis + backoff.after(failure, inARow).toMillis();
	}

	/** End the pause: a renewal succeeded. */
	void ended() {
		this.notBeforeMillis = 0;
		this.lastFailure = null;
		this.permanentFailures = 0;
	}

	/** Return whether a renewal may start now. */
	boolean isOver(long nowMillis) {
		return nowMillis >= this.notBeforeMillis;
	}

	/** Return how long a renewal starting now waits first; zero or less for none. */
	long remainingMillis(long nowMillis) {
		return this.notBeforeMillis - nowMillis;
	}

	/**
	 * Return what callers that need a renewal fail with at once, with no call, no store
	 * read and no event, or {@code null} when the renewal goes ahead (after what remains
	 * of a short pause).
	 */
	@Nullable Throwable refusal(long nowMillis, RenewalBackoff backoff) {
		long wait = remainingMillis(nowMillis);
		Throwable failure = this.lastFailure;
		if (!backoff.failsAtOnce(wait, failure)) {
			return null;
		}
		return backoff.whilePaused(this.sessionKey, failure, Instant.ofEpochMilli(this.notBeforeMillis),
				Duration.ofMillis(wait));
	}

}
