package com.marketiger3d.auth.web.reactive;

import java.util.Objects;

import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenSessions;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;

/**
 * Gives each request the session of its user, as a {@link ReactiveSessionKeyResolver}
 * names it. A request that names no user fails: it never gets another user's token.
 */
final class PerUserSessionResolver implements ReactiveSessionResolver {

	private final TokenSessions sessions;

	private final ReactiveSessionKeyResolver sessionKeys;

	PerUserSessionResolver(TokenSessions sessions, ReactiveSessionKeyResolver sessionKeys) {
		this.sessions = Objects.requireNonNull(sessions, "sessions must not be null");
		this.sessionKeys = Objects.requireNonNull(sessionKeys, "sessionKeys must not be null");
	}

	@Override
	public Mono<TokenRefreshService> resolve(ClientRequest request) {
		return this.sessionKeys.resolve(request)
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("No MarkeTiger session for this "
					+ request.method() + " request: marketiger.auth.mode is per-user and the request names no user;"
					+ " sign the user in with Spring Security, or set the session key with .attribute(\""
					+ ReactiveSessionKeyResolver.SESSION_KEY + "\", key) or .contextWrite(Context.of(\""
					+ ReactiveSessionKeyResolver.SESSION_KEY + "\", key))")))
			.map(this.sessions::session);
	}

	@Override
	public String toString() {
		return "ReactiveSessionResolver[per user]";
	}

}
