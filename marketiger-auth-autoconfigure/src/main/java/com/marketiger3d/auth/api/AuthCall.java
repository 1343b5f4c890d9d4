package com.marketiger3d.auth.api;

/**
 * The two auth calls, named as the API names them.
 */
enum AuthCall {

	LOGIN("Login", ApiOrigin.LOGIN_PATH), REFRESH("RefreshToken", ApiOrigin.REFRESH_PATH);

	private final String displayName;

	private final String path;

	AuthCall(String displayName, String path) {
		this.displayName = displayName;
		this.path = path;
	}

	String path() {
		return this.path;
	}

	@Override
	public String toString() {
		return this.displayName;
	}

}
