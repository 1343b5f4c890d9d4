package com.marketiger3d.auth.api;

/**
 * The {@code Authorization} header value of the current token, built once per token
 * rather than once per request. The token service hands out the same {@code String}
 * instance for as long as a token is current, so an identity check finds the cached
 * value.
 * <p>
 * This class is thread-safe.
 *
 * @since 0.1.0
 */
public final class BearerHeader {

	private volatile Cached cached = new Cached("", "Bearer ");

	/**
	 * Return the header value for a token.
	 * @param token the access token
	 * @return {@code "Bearer " + token}, from the cache when the token is the last one
	 * seen
	 */
	public String valueFor(String token) {
		Cached last = this.cached;
		if (last.token == token) {
			return last.value;
		}
		Cached fresh = new Cached(token, "Bearer " + token);
		this.cached = fresh;
		return fresh.value;
	}

	private record Cached(String token, String value) {

	}

}
