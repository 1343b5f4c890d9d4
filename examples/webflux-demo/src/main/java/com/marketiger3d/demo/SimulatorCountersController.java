package com.marketiger3d.demo;

import java.util.Map;

import com.marketiger3d.simulator.MarketigerSimulator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the simulator has answered: logins, refreshes, rejected refreshes and revoked
 * sessions, so that refreshes can be watched. Answers 404 when the demo calls another
 * API. The simulator is looked up at each call, so this works whoever started it: the
 * {@link EmbeddedSimulatorInitializer}, or a test.
 */
@RestController
class SimulatorCountersController {

	private final ObjectProvider<MarketigerSimulator> simulator;

	SimulatorCountersController(ObjectProvider<MarketigerSimulator> simulator) {
		this.simulator = simulator;
	}

	@GetMapping("/simulator/counters")
	ResponseEntity<Map<String, Object>> counters() {
		MarketigerSimulator simulator = this.simulator.getIfUnique();
		return (simulator != null) ? ResponseEntity.ok(simulator.counters().toMap())
				: ResponseEntity.notFound().build();
	}

}
