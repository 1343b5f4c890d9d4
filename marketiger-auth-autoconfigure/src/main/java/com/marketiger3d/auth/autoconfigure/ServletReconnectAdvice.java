package com.marketiger3d.auth.autoconfigure;

import java.net.URI;

import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import com.marketiger3d.auth.web.ReconnectExceptionHandler;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;

/**
 * {@link ReconnectExceptionHandler} as a Spring MVC controller advice, after every advice
 * of the application's. Top level rather than nested in its auto-configuration, which
 * would register it as a component of its own.
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
final class ServletReconnectAdvice extends ReconnectExceptionHandler {

	ServletReconnectAdvice(URI connectUri) {
		super(connectUri);
	}

	@ExceptionHandler(ReauthenticationRequiredException.class)
	ResponseEntity<?> reconnect(WebRequest request) {
		return reconnect(request.getHeader(HttpHeaders.ACCEPT));
	}

}
