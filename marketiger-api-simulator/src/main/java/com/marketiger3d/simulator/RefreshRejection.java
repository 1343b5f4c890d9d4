package com.marketiger3d.simulator;

/**
 * Why a RefreshToken call was answered with 401.
 *
 * @since 0.1.0
 */
public enum RefreshRejection {

	/** The refresh token was never issued by this simulator. */
	UNKNOWN("unknown"),

	/** The refresh token is older than the refresh-token lifetime. */
	EXPIRED("expired"),

	/** The refresh token had been used already; its whole session is revoked. */
	REUSED("reused"),

	/** The refresh token belongs to a session revoked earlier. */
	REVOKED("revoked"),

	/** The access token sent along is not the one issued with the refresh token. */
	ACCESS_TOKEN_MISMATCH("accessTokenMismatch");

	private final String key;

	RefreshRejection(String key) {
		this.key = key;
	}

	/**
	 * Return the name of this reason in the counters' JSON.
	 * @return the camel-case key
	 */
	public String key() {
		return this.key;
	}

}
