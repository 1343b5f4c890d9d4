package com.marketiger3d.demo.peruser;

import reactor.core.publisher.Mono;

import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;

/**
 * Puts the CSRF token in every page's model as {@code _csrf}, so that each form carries
 * it in a hidden field. In WebFlux the token is a {@code Mono} that Spring Security
 * leaves on the exchange; resolving it for the page is what creates and saves it.
 */
@ControllerAdvice
class CsrfTokenAdvice {

	@ModelAttribute("_csrf")
	Mono<CsrfToken> csrfToken(ServerWebExchange exchange) {
		Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
		return (token != null) ? token : Mono.empty();
	}

}
