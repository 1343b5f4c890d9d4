package com.marketiger3d.simulator;

/**
 * What Login and RefreshToken hand out.
 *
 * @param accessToken the access token
 * @param refreshToken the opaque refresh token
 */
record TokenPair(AccessToken accessToken, String refreshToken) {

	@Override
	public String toString() {
		return "TokenPair[accessToken=" + this.accessToken + "]";
	}

}
