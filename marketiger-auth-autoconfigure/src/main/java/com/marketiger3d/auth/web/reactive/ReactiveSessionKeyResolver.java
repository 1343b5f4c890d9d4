package com.marketiger3d.auth.web.reactive;

import reactor.core.publisher.Mono;

import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.function.client.ClientRequest;

/**
 * Tells whose MarkeTiger session a {@code WebClient} request belongs to, when the
 * application keeps one session per user.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ReactiveSessionKeyResolver {

	/**
	 * Key of the session key, as a request attribute
	 * ({@code .attribute(SESSION_KEY, "alice")}) or in the Reactor context
	 * ({@code .contextWrite(Context.of(SESSION_KEY, "alice"))}).
	 */
	String SESSION_KEY = "marketiger.auth.session-key";

	/**
	 * The session key of the request.
	 * @param request the request about to be sent
	 * @return the session key, or empty when the request belongs to no user
	 */
	Mono<String> resolve(ClientRequest request);

	/**
	 * The resolver of the starter: the request attribute {@link #SESSION_KEY}, else the
	 * Reactor context's {@link #SESSION_KEY}, else, when Spring Security is on the class
	 * path, the name of the authenticated (not anonymous) user in
	 * {@code ReactiveSecurityContextHolder}.
	 * @return the resolver
	 */
	static ReactiveSessionKeyResolver standard() {
		ReactiveSessionKeyResolver explicit = ReactiveSessionKeyResolver::explicit;
		if (ClassUtils.isPresent("org.springframework.security.core.context.ReactiveSecurityContextHolder",
				ReactiveSessionKeyResolver.class.getClassLoader())) {
			return (request) -> explicit.resolve(request).switchIfEmpty(SecurityContextSessionKey.current());
		}
		return explicit;
	}

	/**
	 * The request attribute {@link #SESSION_KEY}, else the Reactor context's.
	 * @param request the request
	 * @return the session key, or empty
	 */
	private static Mono<String> explicit(ClientRequest request) {
		Object attribute = request.attribute(SESSION_KEY).orElse(null);
		if (attribute instanceof String key) {
			return Mono.just(key);
		}
		return Mono.deferContextual((context) -> Mono.justOrEmpty(context.<String>getOrEmpty(SESSION_KEY)));
	}

}
