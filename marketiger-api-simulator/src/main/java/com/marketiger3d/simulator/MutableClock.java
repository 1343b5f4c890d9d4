package com.marketiger3d.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until a test moves it. Given to the simulator (and, as the
 * application's only {@code Clock} bean, to the starter beside it), it lets a test step
 * through token lifetimes without waiting for them.
 */
public final class MutableClock extends Clock {

	private volatile Instant now;

	/**
	 * Create a clock that stands at {@code now} until advanced.
	 * @param now the first instant
	 */
	public MutableClock(Instant now) {
		this.now = now;
	}

	/**
	 * Move the clock on.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
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
		throw new UnsupportedOperationException("MutableClock is always UTC");
	}

}
