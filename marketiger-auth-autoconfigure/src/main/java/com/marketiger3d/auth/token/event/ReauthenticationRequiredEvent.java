package com.marketiger3d.auth.token.event;

import com.marketiger3d.auth.api.ReauthenticationRequiredException;

/**
 * Published when the session cannot go on without new credentials or a new refresh token:
 * the application should alert someone or ask its user to connect again.
 *
 * @since 0.1.0
 */
public class ReauthenticationRequiredEvent extends TokenLifecycleEvent {

	/** Why the session needs a new login. */
	private final ReauthenticationRequiredException failure;

	/**
	 * Create the event.
	 * @param source the service that published the event
	 * @param sessionKey the session the tokens belong to
	 * @param failure why the session needs a new login
	 */
	public ReauthenticationRequiredEvent(Object source, String sessionKey, ReauthenticationRequiredException failure) {
		super(source, sessionKey);
		this.failure = failure;
	}

	/**
	 * Give why the session needs a new login.
	 * @return the failure
	 */
	public ReauthenticationRequiredException getFailure() {
		return this.failure;
	}

	@Override
	public String toString() {
		return "ReauthenticationRequiredEvent[session=" + getSessionKey() + "]";
	}

}
