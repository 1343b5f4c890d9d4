package com.marketiger3d.auth.api;

import java.time.Duration;
import java.time.Instant;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the {@code Retry-After} parser: any header gives nothing or
 * a delay between zero and its cap, and never throws.
 */
class RetryAfterFuzzTests {

	private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

	@FuzzTest(maxDuration = "3m")
	void headerGivesNothingOrBoundedDelay(FuzzedDataProvider data) {
		Duration delay = RetryAfter.parse(data.consumeRemainingAsString(), NOW);
		if (delay != null) {
			assertThat(delay).isBetween(Duration.ZERO, RetryAfter.MAX);
		}
	}

}
