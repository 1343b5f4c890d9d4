package com.marketiger3d.auth.actuate;

import java.time.Duration;
import java.util.Map;

import com.marketiger3d.auth.token.TokenRefreshService;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code marketigerauth} actuator endpoint. Reading shows the token state
 * (fingerprints and instants, never a token). Writing forces a refresh: it spends a
 * refresh token and calls the API, so its default access is read-only and an application
 * enables it explicitly with
 * {@code management.endpoint.marketigerauth.access=unrestricted}.
 *
 * @since 0.1.0
 */
@Endpoint(id = "marketigerauth", defaultAccess = Access.READ_ONLY)
public class MarketigerAuthEndpoint {

	private static final Duration REFRESH_TIMEOUT = Duration.ofMinutes(2);

	private final MarketigerAuthState state;

	private final TokenRefreshService tokens;

	/**
	 * Create the endpoint.
	 * @param state the state it reports
	 * @param tokens the service it asks for a refresh
	 */
	public MarketigerAuthEndpoint(MarketigerAuthState state, TokenRefreshService tokens) {
		this.state = state;
		this.tokens = tokens;
	}

	/**
	 * Report the state of the tokens, without the tokens themselves.
	 * @return the state
	 */
	@ReadOperation
	public Map<String, Object> state() {
		return this.state.describe();
	}

	/**
	 * Refresh the tokens now and report the state afterwards.
	 * @return the state after the refresh
	 */
	@WriteOperation
	public Map<String, Object> refresh() {
		this.tokens.refreshNow().block(REFRESH_TIMEOUT);
		return this.state.describe();
	}

}
