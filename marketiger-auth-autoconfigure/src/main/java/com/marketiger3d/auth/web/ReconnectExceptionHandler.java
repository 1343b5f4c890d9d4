package com.marketiger3d.auth.web;

import java.net.URI;
import java.util.List;
import java.util.Objects;

import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Answers a request whose handler failed because a MarkeTiger session can no longer be
 * renewed ({@link ReauthenticationRequiredException}, and so a user's
 * {@code MarketigerAccountNotConnectedException}): a browser is redirected to the page
 * where the account is connected, any other client gets a {@code 401} problem detail (RFC
 * 9457) naming that page. Neither names the user, an e-mail or a token. For Spring MVC
 * and WebFlux alike. Not an advice by itself: the auto-configuration registers it as one,
 * of the lowest precedence, so that an application's own {@code @ExceptionHandler} for
 * the exception, in its controller or in an advice of its own, comes first.
 *
 * @since 0.1.0
 */
public class ReconnectExceptionHandler {

	/** Title of the problem detail. */
	public static final String TITLE = "MarkeTiger account not connected";

	private final URI connectUri;

	/**
	 * Create the handler.
	 * @param connectUri the page where a user connects the MarkeTiger account
	 */
	public ReconnectExceptionHandler(URI connectUri) {
		this.connectUri = Objects.requireNonNull(connectUri, "connectUri must not be null");
	}

	/**
	 * Redirect a browser to the connect page, or answer {@code 401} with a problem
	 * detail.
	 * @param accept the request's {@code Accept} header, if any
	 * @return the answer
	 */
	public ResponseEntity<?> reconnect(@Nullable String accept) {
		if (acceptsHtml(accept)) {
			return ResponseEntity.status(HttpStatus.SEE_OTHER)
				.location(this.connectUri)
				.header(HttpHeaders.VARY, HttpHeaders.ACCEPT)
				.build();
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
				"Connect the MarkeTiger account to go on.");
		problem.setTitle(TITLE);
		problem.setProperty("connectUri", this.connectUri.toString());
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.VARY, HttpHeaders.ACCEPT)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	/**
	 * Whether the request names HTML among what it accepts, as browsers do for a page; a
	 * client that accepts anything is not taken for one.
	 */
	private static boolean acceptsHtml(@Nullable String accept) {
		if (accept == null || accept.isBlank()) {
			return false;
		}
		List<MediaType> types;
		try {
			types = MediaType.parseMediaTypes(accept);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return types.stream()
			.anyMatch((type) -> !type.isWildcardType() && type.getQualityValue() > 0
					&& type.isCompatibleWith(MediaType.TEXT_HTML));
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[connectUri=" + this.connectUri + "]";
	}

}
