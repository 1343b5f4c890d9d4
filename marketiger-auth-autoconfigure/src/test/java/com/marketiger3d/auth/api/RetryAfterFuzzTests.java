package com.marketiger3d.auth.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds random and near-valid {@code Retry-After} values to the header parser: it gives
 * nothing or a delay between zero and its cap, and never throws.
 */
class RetryAfterFuzzTests {

	private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

	@Property(tries = 3000)
	void anyHeaderGivesNothingOrABoundedDelay(@ForAll String header) {
		assertBounded(RetryAfter.parse(header, NOW));
	}

	@Property(tries = 3000)
	void nearValidHeadersGiveNothingOrABoundedDelay(@ForAll("nearValid") String header) {
		assertBounded(RetryAfter.parse(header, NOW));
	}

	@Provide
	Arbitrary<String> nearValid() {
		Arbitrary<String> seconds = Arbitraries.longs().map(String::valueOf);
		Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(30);
		Arbitrary<String> dates = Arbitraries.longs()
			.between(-10_000_000_000L, 10_000_000_000L)
			.map((epoch) -> DateTimeFormatter.RFC_1123_DATE_TIME
				.format(Instant.ofEpochSecond(epoch).atOffset(ZoneOffset.UTC)));
		Arbitrary<String> mangled = dates.flatMap((date) -> Arbitraries.integers()
			.between(0, date.length())
			.map((cut) -> date.substring(0, cut) + " " + date.substring(cut)));
		return Arbitraries.oneOf(seconds, digits, dates, mangled);
	}

	private static void assertBounded(Duration delay) {
		if (delay != null) {
			assertThat(delay).isBetween(Duration.ZERO, RetryAfter.MAX);
		}
	}

}
