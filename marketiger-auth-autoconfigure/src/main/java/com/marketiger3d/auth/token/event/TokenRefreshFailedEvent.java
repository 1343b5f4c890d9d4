package com.marketiger3d.auth.token.event;

import com.marketiger3d.auth.api.MarketigerAuthException;

/**
 * Published when an attempt to renew the tokens (refresh or login, retries included)
 * ended in failure. The next caller that needs a token starts a new attempt.
 *
 * @since 0.1.0
 */
public class TokenRefreshFailedEvent extends TokenLifecycleEvent {

	/** The failure of the renewal. */
	private final MarketigerAuthException failure;

	/**
	 * Create the event.
	 * @param source the service that published the event
	 * @param sessionKey the session the tokens belong to
	 * @param failure the failure of the renewal
	 */
	public TokenRefreshFailedEvent(Object source, String sessionKey, MarketigerAuthException failure) {
		super(source, sessionKey);
		this.failure = failure;
	}

	/**
	 * Give the failure of the renewal.
	 * @return the failure
	 */
	public MarketigerAuthException getFailure() {
		return this.failure;
	}

	@Override
	public String toString() {
		return "TokenRefreshFailedEvent[session=" + getSessionKey() + ", failure=" + this.failure + "]";
	}

}
