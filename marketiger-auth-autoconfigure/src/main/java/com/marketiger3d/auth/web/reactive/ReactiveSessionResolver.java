package com.marketiger3d.auth.web.reactive;

import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenSessions;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;

/**
 * Resolves the session whose token a {@code WebClient} request for the API carries: the
 * service account's ({@link #serviceAccount}), or the session of the request's user
 * ({@link #perUser}).
 *
 * @since 0.1.0
 */
public interface ReactiveSessionResolver {

	/**
	 * Return the session of the request.
	 * @param request the request about to be sent
	 * @return the session; an {@link IllegalStateException} when the request belongs to
	 * no session, so that it is not sent
	 */
	Mono<TokenRefreshService> resolve(ClientRequest request);

	/**
	 * Return the session of the request when it is known without subscribing to anything,
	 * so that the filter's common case needs no {@code Mono}.
	 * @param request the request about to be sent
	 * @return the session, or {@code null} to use {@link #resolve}
	 */
	default @Nullable TokenRefreshService resolveNow(ClientRequest request) {
		return null;
	}

	/**
	 * Return the resolver that gives every request the service account's session.
	 * @param tokens the service account's service
	 * @return the resolver
	 */
	static ReactiveSessionResolver serviceAccount(TokenRefreshService tokens) {
		return new ServiceAccountSessionResolver(tokens);
	}

	/**
	 * Return the resolver that gives each request the session of its user, as
	 * {@code sessionKeys} names it.
	 * @param sessions the users' sessions
	 * @param sessionKeys tells whose request it is
	 * @return the resolver
	 */
	static ReactiveSessionResolver perUser(TokenSessions sessions, ReactiveSessionKeyResolver sessionKeys) {
		return new PerUserSessionResolver(sessions, sessionKeys);
	}

}
