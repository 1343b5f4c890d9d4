package com.marketiger3d.auth.api;

import java.util.Locale;

/**
 * How an auth call ended, as the {@code outcome} tag of the {@code marketiger.auth.login}
 * and {@code marketiger.auth.refresh} observations.
 */
enum AuthCallOutcome {

	SUCCESS, REJECTED, TRANSIENT_FAILURE, MALFORMED, CANCELLED;

	static AuthCallOutcome of(Throwable failure) {
		if (failure instanceof InvalidCredentialsException || failure instanceof RefreshTokenRejectedException) {
			return REJECTED;
		}
		if (failure instanceof MalformedAuthResponseException) {
			return MALFORMED;
		}
		return TRANSIENT_FAILURE;
	}

	String tagValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
