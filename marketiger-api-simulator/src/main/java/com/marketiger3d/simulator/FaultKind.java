package com.marketiger3d.simulator;

/**
 * How an auth call fails when the simulator injects a fault.
 *
 * @since 0.1.0
 */
public enum FaultKind {

	/**
	 * 503 with an HTML body, as a gateway answers for a service that is down. The call is
	 * not processed.
	 */
	SERVICE_UNAVAILABLE,

	/**
	 * 429 with {@code Retry-After: 1}. The call is not processed.
	 */
	TOO_MANY_REQUESTS,

	/**
	 * The real answer with its body cut in half. The call is processed in full, so a
	 * refresh has rotated the refresh token although the client could not read the new
	 * one: presenting the old one again is a reuse.
	 */
	TRUNCATED_JSON,

	/**
	 * The call is processed in full, then the connection is closed without an answer, as
	 * when a proxy or the network drops it: a refresh has rotated the refresh token and
	 * the client never learns the new one. Not among the kinds an error rate chooses from
	 * unless named.
	 */
	DROPPED_AFTER_PROCESSING

}
