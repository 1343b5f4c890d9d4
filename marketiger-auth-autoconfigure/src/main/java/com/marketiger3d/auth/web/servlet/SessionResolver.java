package com.marketiger3d.auth.web.servlet;

import java.time.Duration;

import com.marketiger3d.auth.token.BlockingTokenAccess;
import com.marketiger3d.auth.token.TokenSessions;

import org.springframework.http.HttpRequest;

/**
 * Resolves the session whose token a {@code RestClient} or {@code RestTemplate} request
 * for the API carries: the service account's ({@link #serviceAccount}), or the session of
 * the request's user ({@link #perUser}).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SessionResolver {

	/**
	 * Return the session of the request.
	 * @param request the request about to be sent
	 * @return the blocking access to the session's token
	 * @throws IllegalStateException when the request belongs to no session, so that it is
	 * not sent
	 */
	BlockingTokenAccess resolve(HttpRequest request);

	/**
	 * Return the resolver that gives every request the service account's session.
	 * @param tokens the service account's token access
	 * @return the resolver
	 */
	static SessionResolver serviceAccount(BlockingTokenAccess tokens) {
		return new ServiceAccountSessionResolver(tokens);
	}

	/**
	 * Return the resolver that gives each request the session of its user, as
	 * {@code sessionKeys} names it.
	 * @param sessions the users' sessions
	 * @param sessionKeys tells whose request it is
	 * @param timeout the longest a request waits for its user's token being renewed
	 * @return the resolver
	 */
	static SessionResolver perUser(TokenSessions sessions, SessionKeyResolver sessionKeys, Duration timeout) {
		return new PerUserSessionResolver(sessions, sessionKeys, timeout);
	}

}
