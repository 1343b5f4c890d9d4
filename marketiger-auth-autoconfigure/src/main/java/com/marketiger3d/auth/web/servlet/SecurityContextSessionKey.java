package com.marketiger3d.auth.web.servlet;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The authenticated user's name from Spring Security's context. Loaded only when Spring
 * Security is on the class path. An anonymous user has no session: every anonymous user
 * has the same name.
 */
final class SecurityContextSessionKey {

	private SecurityContextSessionKey() {
	}

	static @Nullable String current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return null;
		}
		return authentication.getName();
	}

}
