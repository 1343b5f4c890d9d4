package com.marketiger3d.simulator;

import java.time.Instant;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A simulator started before each test on a clock the test moves, with a client for it,
 * and closed after the test.
 */
final class RunningSimulator implements BeforeEachCallback, AfterEachCallback {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-15T10:00:00Z"));

	private MarketigerSimulator simulator;

	private SimulatorClient client;

	@Override
	public void beforeEach(ExtensionContext context) {
		this.simulator = MarketigerSimulator.start(SimulatorSettings.builder().clock(this.clock).build());
		this.client = new SimulatorClient(this.simulator);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.simulator.close();
	}

	MutableClock clock() {
		return this.clock;
	}

	MarketigerSimulator simulator() {
		return this.simulator;
	}

	SimulatorClient client() {
		return this.client;
	}

}
