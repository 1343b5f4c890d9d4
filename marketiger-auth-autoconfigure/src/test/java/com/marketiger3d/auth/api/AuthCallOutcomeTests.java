package com.marketiger3d.auth.api;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AuthCallOutcome} and the observation names of {@link AuthCall}.
 */
class AuthCallOutcomeTests {

	@Test
	void rejectedCredentialsAndRejectedRefreshTokensAreRejections() {
		assertThat(AuthCallOutcome.of(new InvalidCredentialsException("wrong"))).isEqualTo(AuthCallOutcome.REJECTED);
		assertThat(AuthCallOutcome.of(new RefreshTokenRejectedException("spent"))).isEqualTo(AuthCallOutcome.REJECTED);
	}

	@Test
	void unreadableAnswersAreMalformed() {
		assertThat(AuthCallOutcome.of(new MalformedAuthResponseException("garbled")))
			.isEqualTo(AuthCallOutcome.MALFORMED);
	}

	@Test
	void anyOtherFailureIsTransient() {
		assertThat(AuthCallOutcome.of(new TransientAuthFailureException("busy")))
			.isEqualTo(AuthCallOutcome.TRANSIENT_FAILURE);
		assertThat(AuthCallOutcome.of(new IOException("reset"))).isEqualTo(AuthCallOutcome.TRANSIENT_FAILURE);
	}

	@Test
	void tagValuesAreLowerCaseWithHyphens() {
		assertThat(AuthCallOutcome.values()).extracting(AuthCallOutcome::tagValue)
			.containsExactly("success", "rejected", "transient-failure", "malformed", "cancelled");
	}

	@Test
	void aCallThatHasNotEndedIsUnknown() {
		assertThat(AuthCallOutcome.tagValueOrUnknown(null)).isEqualTo("unknown");
		assertThat(AuthCallOutcome.tagValueOrUnknown(AuthCallOutcome.MALFORMED)).isEqualTo("malformed");
	}

}
