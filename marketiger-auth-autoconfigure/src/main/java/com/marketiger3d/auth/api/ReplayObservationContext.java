package com.marketiger3d.auth.api;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of a replay after a 401 knows: whether the request was sent again
 * and, if so, the status of its answer. It holds no token and nothing of the request (its
 * URL may name a user).
 *
 * @since 0.1.0
 * @see MarketigerAuthObservationDocumentation#REPLAY
 */
public class ReplayObservationContext extends Observation.Context {

	private volatile boolean skipped;

	private volatile boolean cancelled;

	private volatile @Nullable Integer statusCode;

	/**
	 * Return whether the request was not sent again, because the renewal gave the
	 * rejected token back and a replay would be refused all the same.
	 * @return whether the caller got the 401
	 */
	public boolean isSkipped() {
		return this.skipped;
	}

	/**
	 * Record that the request was not sent again.
	 */
	public void markSkipped() {
		this.skipped = true;
	}

	/**
	 * Return whether the caller stopped waiting before the replay ended.
	 * @return whether it was cancelled
	 */
	public boolean isCancelled() {
		return this.cancelled;
	}

	/**
	 * Record that the caller stopped waiting.
	 */
	public void markCancelled() {
		this.cancelled = true;
	}

	/**
	 * Return the status of the answer to the request sent again.
	 * @return the status code, or {@code null} when there is none (yet)
	 */
	public @Nullable Integer getStatusCode() {
		return this.statusCode;
	}

	/**
	 * Set the status of the answer to the request sent again.
	 * @param statusCode the status code
	 */
	public void setStatusCode(int statusCode) {
		this.statusCode = statusCode;
	}

}
