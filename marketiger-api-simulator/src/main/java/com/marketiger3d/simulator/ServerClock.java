package com.marketiger3d.simulator;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The clock the server issues and validates tokens with: the configured clock shifted by
 * the current {@link Faults#clockOffset() clock-offset fault}.
 */
final class ServerClock extends Clock {

	private final Clock clock;

	private final Faults faults;

	ServerClock(Clock clock, Faults faults) {
		this.clock = clock;
		this.faults = faults;
	}

	@Override
	public Instant instant() {
		return this.clock.instant().plus(this.faults.clockOffset());
	}

	@Override
	public ZoneId getZone() {
		return this.clock.getZone();
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return new ServerClock(this.clock.withZone(zone), this.faults);
	}

}
