package com.marketiger3d.auth.test;

import java.time.Duration;

import com.marketiger3d.auth.token.TokenTiming;

/**
 * Timings for tests of the 401 replay, which reject a token right after it was obtained.
 */
public final class TestTimings {

	private TestTimings() {
	}

	/**
	 * Return the default timing, except that a 401 renews even a token obtained an
	 * instant ago.
	 * @return the timing
	 */
	public static TokenTiming renewingOnEvery401() {
		TokenTiming defaults = TokenTiming.defaults();
		return new TokenTiming(defaults.refreshAhead(), defaults.clockSkew(), defaults.refreshTokenLifetime(),
				defaults.defaultAccessTokenLifetime(), Duration.ZERO);
	}

}
