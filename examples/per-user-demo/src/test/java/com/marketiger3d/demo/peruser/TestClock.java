package com.marketiger3d.demo.peruser;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until a test moves it. Imported as a bean, it is the
 * application's only {@code Clock}: the starter and the embedded simulator both read it.
 */
final class TestClock extends Clock {

	private volatile Instant now = Instant.parse("2030-01-01T08:00:00Z");

	void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("TestClock is always UTC");
	}

}
