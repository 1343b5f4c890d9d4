package com.marketiger3d.simulator;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The clock of a simulator embedded in a Spring application: the one the starter uses,
 * that is the application's {@link Clock} bean when there is exactly one, else the system
 * clock. So the simulator and the starter agree on the time even when a test moves it.
 * <p>
 * The simulator is started before the application's beans are defined, so the clock bean
 * is looked up at the first read after the bean definitions are final (the simulator
 * reads the time only when it answers a call).
 * <p>
 * For applications that embed the simulator: pass it to
 * {@link SimulatorSettings.Builder#clock(Clock)}.
 *
 * @since 0.1.0
 */
public final class ApplicationContextClock extends Clock {

	private final ConfigurableApplicationContext context;

	private volatile @Nullable Clock clock;

	/**
	 * Create the clock of an application that embeds the simulator.
	 * @param context the application's context, while it starts
	 */
	public ApplicationContextClock(ConfigurableApplicationContext context) {
		this.context = context;
	}

	@Override
	public Instant instant() {
		return clock().instant();
	}

	@Override
	public long millis() {
		return clock().millis();
	}

	@Override
	public ZoneId getZone() {
		return clock().getZone();
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return clock().withZone(zone);
	}

	private Clock clock() {
		Clock clock = this.clock;
		if (clock == null) {
			if (!this.context.isActive() || !this.context.getBeanFactory().isConfigurationFrozen()) {
				return Clock.systemUTC();
			}
			clock = this.context.getBeanProvider(Clock.class).getIfUnique(Clock::systemUTC);
			this.clock = clock;
		}
		return clock;
	}

}
