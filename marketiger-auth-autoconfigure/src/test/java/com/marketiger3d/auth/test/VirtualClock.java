package com.marketiger3d.auth.test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import reactor.core.scheduler.Scheduler;

/**
 * A clock that reads a scheduler's time, for tests on Reactor's virtual time: the
 * sessions' clock moves when the test moves the scheduler, and only then.
 */
public final class VirtualClock extends Clock {

	private final Instant start;

	private final Scheduler scheduler;

	public VirtualClock(Instant start, Scheduler scheduler) {
		this.start = start;
		this.scheduler = scheduler;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return this.start.plusMillis(this.scheduler.now(TimeUnit.MILLISECONDS));
	}

}
