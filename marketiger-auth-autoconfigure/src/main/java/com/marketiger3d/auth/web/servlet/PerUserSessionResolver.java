package com.marketiger3d.auth.web.servlet;

import java.time.Duration;
import java.util.Objects;

import com.marketiger3d.auth.token.BlockingTokenAccess;
import com.marketiger3d.auth.token.TokenSessions;

import org.springframework.http.HttpRequest;

/**
 * Gives each request the session of its user, as a {@link SessionKeyResolver} names it. A
 * request that names no user fails: it never gets another user's token.
 */
final class PerUserSessionResolver implements SessionResolver {

	private final TokenSessions sessions;

	private final SessionKeyResolver sessionKeys;

	private final Duration timeout;

	PerUserSessionResolver(TokenSessions sessions, SessionKeyResolver sessionKeys, Duration timeout) {
		this.sessions = Objects.requireNonNull(sessions, "sessions must not be null");
		this.sessionKeys = Objects.requireNonNull(sessionKeys, "sessionKeys must not be null");
		this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
	}

	@Override
	public BlockingTokenAccess resolve(HttpRequest request) {
		String sessionKey = this.sessionKeys.resolve(request);
		if (sessionKey == null) {
			throw new IllegalStateException("No MarkeTiger session for this " + request.getMethod()
					+ " request: marketiger.auth.mode is per-user and the request names no user; sign the user in"
					+ " with Spring Security, or set the session key with .attribute(\""
					+ SessionKeyResolver.SESSION_KEY + "\", key)");
		}
		return new BlockingTokenAccess(this.sessions.session(sessionKey), this.timeout);
	}

	@Override
	public String toString() {
		return "SessionResolver[per user]";
	}

}
