package com.marketiger3d.auth.api;

/**
 * The two auth calls, named as the API names them.
 */
enum AuthCall {

	LOGIN("Login", ApiOrigin.LOGIN_PATH, "marketiger.auth.login"),
	REFRESH("RefreshToken", ApiOrigin.REFRESH_PATH, "marketiger.auth.refresh");

	private final String displayName;

	private final String path;

	private final String observationName;

	AuthCall(String displayName, String path, String observationName) {
		this.displayName = displayName;
		this.path = path;
		this.observationName = observationName;
	}

	String observationName() {
		return this.observationName;
	}

	String path() {
		return this.path;
	}

	@Override
	public String toString() {
		return this.displayName;
	}

}
