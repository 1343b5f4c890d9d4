package com.marketiger3d.auth.web.servlet;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpRequest;
import org.springframework.util.ClassUtils;

/**
 * Tells whose MarkeTiger session a {@code RestClient} or {@code RestTemplate} request
 * belongs to, when the application keeps one session per user.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SessionKeyResolver {

	/**
	 * Name of the request attribute that carries the session key
	 * ({@code restClient.get().attribute(SESSION_KEY, "alice")}).
	 */
	String SESSION_KEY = "marketiger.auth.session-key";

	/**
	 * The session key of the request.
	 * @param request the request about to be sent
	 * @return the session key, or {@code null} when the request belongs to no user
	 */
	@Nullable String resolve(HttpRequest request);

	/**
	 * The resolver of the starter: the request attribute {@link #SESSION_KEY}, else, when
	 * Spring Security is on the class path, the name of the authenticated (not anonymous)
	 * user in {@code SecurityContextHolder}.
	 * @return the resolver
	 */
	static SessionKeyResolver standard() {
		if (ClassUtils.isPresent("org.springframework.security.core.context.SecurityContextHolder",
				SessionKeyResolver.class.getClassLoader())) {
			return (request) -> {
				String key = attribute(request);
				return (key != null) ? key : SecurityContextSessionKey.current();
			};
		}
		return SessionKeyResolver::attribute;
	}

	private static @Nullable String attribute(HttpRequest request) {
		return (request.getAttributes().get(SESSION_KEY) instanceof String key) ? key : null;
	}

}
