package com.marketiger3d.auth.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RetryAfter}.
 */
class RetryAfterTests {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	@Test
	void readsDelaySeconds() {
		assertThat(RetryAfter.parse("7", NOW)).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void readsDelaySecondsAroundWhitespace() {
		assertThat(RetryAfter.parse(" 120 ", NOW)).isEqualTo(Duration.ofSeconds(120));
	}

	@Test
	void readsZeroSeconds() {
		assertThat(RetryAfter.parse("0", NOW)).isEqualTo(Duration.ZERO);
	}

	@Test
	void capsLongDelay() {
		assertThat(RetryAfter.parse("7200", NOW)).isEqualTo(RetryAfter.MAX);
		assertThat(RetryAfter.parse("3600", NOW)).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void readsDelaySecondsWithLeadingZeros() {
		assertThat(RetryAfter.parse("00000005", NOW)).isEqualTo(Duration.ofSeconds(5));
		assertThat(RetryAfter.parse("0000000000000000000000", NOW)).isEqualTo(Duration.ZERO);
	}

	@Test
	void capsDelayTooLargeForALong() {
		assertThat(RetryAfter.parse("99999999999999999999999999", NOW)).isEqualTo(RetryAfter.MAX);
	}

	@Test
	void readsHttpDateInTheFuture() {
		assertThat(RetryAfter.parse(httpDate(NOW.plusSeconds(30)), NOW)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void readsHttpDateWithTwoDigitDay() {
		Instant now = Instant.parse("2015-10-21T07:27:00Z");
		assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", now)).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void readsHttpDateInThePastAsNoWait() {
		assertThat(RetryAfter.parse(httpDate(NOW.minusSeconds(30)), NOW)).isEqualTo(Duration.ZERO);
	}

	@Test
	void readsHttpDateNowAsNoWait() {
		assertThat(RetryAfter.parse(httpDate(NOW), NOW)).isEqualTo(Duration.ZERO);
	}

	@Test
	void capsFarHttpDate() {
		assertThat(RetryAfter.parse(httpDate(NOW.plus(Duration.ofDays(3))), NOW)).isEqualTo(RetryAfter.MAX);
	}

	@Test
	void ignoresMissingHeader() {
		assertThat(RetryAfter.parse(null, NOW)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "-1", "1.5", "7s", "soon", "0x10", "+7", "Tomorrow, 12:00",
			"2026-03-01T12:00:30Z", "Sun, 01 Mar 2026 12:00:30" })
	void ignoresValuesThatAreNeitherSecondsNorHttpDate(String header) {
		assertThat(RetryAfter.parse(header, NOW)).isNull();
	}

	@Test
	void readsValueOfSixtyFourCharacters() {
		assertThat(RetryAfter.parse("0".repeat(63) + "5", NOW)).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void ignoresOverlongValue() {
		assertThat(RetryAfter.parse("1".repeat(65), NOW)).isNull();
		assertThat(RetryAfter.parse(" ".repeat(10) + "Sun, 01 Mar 2026 12:00:30 GMT" + "x".repeat(40), NOW)).isNull();
	}

	private static String httpDate(Instant instant) {
		return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
	}

}
