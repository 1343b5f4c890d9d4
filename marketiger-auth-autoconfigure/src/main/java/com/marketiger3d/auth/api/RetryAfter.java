package com.marketiger3d.auth.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110). Anything
 * else is ignored rather than trusted.
 */
final class RetryAfter {

	/**
	 * Longest wait a server may ask for; a larger value is capped, not obeyed blindly.
	 */
	static final Duration MAX = Duration.ofHours(1);

	private RetryAfter() {
	}

	static @Nullable Duration parse(@Nullable String header, Instant now) {
		if (header == null) {
			return null;
		}
		String value = header.trim();
		if (value.isEmpty() || value.length() > 64) {
			return null;
		}
		if (value.chars().allMatch(Character::isDigit)) {
			// Leading zeros say nothing: "00000005" is five seconds.
			String digits = value.replaceFirst("^0+(?=.)", "");
			return (digits.length() > 7) ? MAX : cap(Duration.ofSeconds(Long.parseLong(digits)));
		}
		try {
			Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			return at.isAfter(now) ? cap(Duration.between(now, at)) : Duration.ZERO;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static Duration cap(Duration duration) {
		return (duration.compareTo(MAX) > 0) ? MAX : duration;
	}

}
