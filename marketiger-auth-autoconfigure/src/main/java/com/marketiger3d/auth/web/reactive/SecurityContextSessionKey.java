package com.marketiger3d.auth.web.reactive;

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;

/**
 * The authenticated user's name from Spring Security's reactive context. Loaded only when
 * Spring Security is on the class path. An anonymous user has no session: every anonymous
 * user has the same name.
 */
final class SecurityContextSessionKey {

	private SecurityContextSessionKey() {
	}

	static Mono<String> current() {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.filter(SecurityContextSessionKey::isUser)
			.map(Authentication::getName);
	}

	static boolean isUser(Authentication authentication) {
		return authentication.isAuthenticated() && !(authentication instanceof AnonymousAuthenticationToken);
	}

}
