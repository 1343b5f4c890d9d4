package com.marketiger3d.auth.api;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * How an auth call ended, as the {@code outcome} key of the {@code marketiger.auth.login}
 * and {@code marketiger.auth.refresh} observations.
 *
 * @since 0.1.0
 * @see MarketigerAuthObservationDocumentation.AuthCallKeyNames#OUTCOME
 */
public enum AuthCallOutcome {

	/**
	 * The API issued a pair.
	 */
	SUCCESS,

	/**
	 * The API refused the credentials or the refresh token.
	 */
	REJECTED,

	/**
	 * The call failed in a way worth a retry: no answer, a timeout, 429 or 5xx.
	 */
	TRANSIENT_FAILURE,

	/**
	 * The answer could not be read.
	 */
	MALFORMED,

	/**
	 * The caller stopped waiting before the call ended.
	 */
	CANCELLED;

	static AuthCallOutcome of(Throwable failure) {
		if (failure instanceof InvalidCredentialsException || failure instanceof RefreshTokenRejectedException) {
			return REJECTED;
		}
		if (failure instanceof MalformedAuthResponseException) {
			return MALFORMED;
		}
		return TRANSIENT_FAILURE;
	}

	/**
	 * Return the value of the {@code outcome} key.
	 * @return for example {@code transient-failure}
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * The value of the {@code outcome} key of a call that has not ended yet.
	 */
	static String tagValueOrUnknown(@Nullable AuthCallOutcome outcome) {
		return (outcome != null) ? outcome.tagValue() : "unknown";
	}

}
