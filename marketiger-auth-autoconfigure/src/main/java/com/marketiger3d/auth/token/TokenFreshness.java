package com.marketiger3d.auth.token;

/**
 * Where the current pair stands in its lifecycle.
 *
 * @since 0.1.0
 */
public enum TokenFreshness {

	/** No pair has been obtained yet. */
	ABSENT,

	/** Handed out with no IO. */
	FRESH,

	/** Still handed out, while a background refresh renews it. */
	STALE,

	/** Callers wait for a renewal before they get a token. */
	EXPIRED

}
