package com.marketiger3d.auth.token;

import com.marketiger3d.auth.api.ReauthenticationRequiredException;

/**
 * A user's session has no usable token and nothing to renew it with: the user never
 * connected their MarkeTiger account, disconnected it, or its refresh token chain ended.
 * The application asks the user to connect the account again (see
 * {@link TokenSessions#connect}).
 *
 * @since 0.1.0
 */
public class MarketigerAccountNotConnectedException extends ReauthenticationRequiredException {

	/** The session key of the user whose account is not connected. */
	private final String sessionKey;

	/**
	 * Create the exception.
	 * @param sessionKey the user's session key
	 * @param reason why the session cannot be renewed
	 */
	public MarketigerAccountNotConnectedException(String sessionKey, String reason) {
		super("The MarkeTiger account of session '" + sessionKey + "' is not connected (" + reason
				+ "): ask the user to connect it again");
		this.sessionKey = sessionKey;
	}

	/**
	 * Create the exception for a session whose renewal failed with {@code cause}, for
	 * example a refresh token the server rejected.
	 * @param sessionKey the user's session key
	 * @param reason why the session cannot be renewed
	 * @param cause what ended the session
	 */
	public MarketigerAccountNotConnectedException(String sessionKey, String reason, Throwable cause) {
		super("The MarkeTiger account of session '" + sessionKey + "' is not connected (" + reason
				+ "): ask the user to connect it again", cause);
		this.sessionKey = sessionKey;
	}

	/**
	 * Return the session whose account must be connected again.
	 * @return the session key
	 */
	public String getSessionKey() {
		return this.sessionKey;
	}

}
