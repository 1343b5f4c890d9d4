package com.marketiger3d.auth.api;

/**
 * The two auth calls, named as the API names them.
 *
 * @since 0.1.0
 */
public enum AuthCall {

	/**
	 * Login: e-mail and password for a new pair.
	 */
	LOGIN("Login", ApiOrigin.LOGIN_PATH),

	/**
	 * RefreshToken: the current pair for a new one.
	 */
	REFRESH("RefreshToken", ApiOrigin.REFRESH_PATH);

	private final String displayName;

	private final String path;

	AuthCall(String displayName, String path) {
		this.displayName = displayName;
		this.path = path;
	}

	String path() {
		return this.path;
	}

	/**
	 * Return the call's name in the API.
	 * @return {@code Login} or {@code RefreshToken}
	 */
	@Override
	public String toString() {
		return this.displayName;
	}

}
