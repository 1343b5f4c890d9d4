package com.marketiger3d.auth.token.event;

import org.springframework.context.ApplicationEvent;

/**
 * Base of the token lifecycle events: names the session whose tokens changed.
 *
 * @since 0.1.0
 */
public abstract class TokenLifecycleEvent extends ApplicationEvent {

	/** The session the event is about. */
	private final String sessionKey;

	/**
	 * Create the event.
	 * @param source the service that published the event
	 * @param sessionKey the session the tokens belong to
	 */
	protected TokenLifecycleEvent(Object source, String sessionKey) {
		super(source);
		this.sessionKey = sessionKey;
	}

	/**
	 * Return the session (token lineage) the event is about.
	 * @return the session key
	 */
	public String getSessionKey() {
		return this.sessionKey;
	}

}
