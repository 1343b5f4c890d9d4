package com.marketiger3d.auth.test.simulator;

import java.net.URI;

import com.marketiger3d.auth.autoconfigure.MarketigerConnectionDetails;
import com.marketiger3d.simulator.MarketigerSimulator;

/**
 * The simulator as the API the starter connects to.
 */
final class SimulatorConnectionDetails implements MarketigerConnectionDetails {

	private final MarketigerSimulator simulator;

	SimulatorConnectionDetails(MarketigerSimulator simulator) {
		this.simulator = simulator;
	}

	@Override
	public URI getBaseUrl() {
		return URI.create(this.simulator.baseUrl());
	}

}
