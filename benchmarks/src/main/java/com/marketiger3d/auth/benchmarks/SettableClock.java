package com.marketiger3d.auth.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that follows the system clock plus an offset the benchmark moves forward, so
 * that a token can be made to expire without waiting for it.
 */
final class SettableClock extends Clock {

	private volatile long offsetMillis;

	void advance(Duration duration) {
		this.offsetMillis += duration.toMillis();
	}

	@Override
	public long millis() {
		return System.currentTimeMillis() + this.offsetMillis;
	}

	@Override
	public Instant instant() {
		return Instant.ofEpochMilli(millis());
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
