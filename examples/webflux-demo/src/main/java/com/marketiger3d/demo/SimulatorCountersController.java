package com.marketiger3d.demo;

import java.util.Map;

import com.marketiger3d.simulator.MarketigerApiSimulator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the embedded simulator has answered: logins, refreshes, rejected refreshes and
 * revoked sessions, so that refreshes can be watched. Present only when the simulator is
 * embedded. The condition is reliable on a scanned component here because
 * {@link EmbeddedSimulatorInitializer} registers the simulator's bean before any
 * configuration is read.
 */
@RestController
@ConditionalOnBean(MarketigerApiSimulator.class)
class SimulatorCountersController {

	private final MarketigerApiSimulator simulator;

	SimulatorCountersController(MarketigerApiSimulator simulator) {
		this.simulator = simulator;
	}

	@GetMapping("/simulator/counters")
	Map<String, Object> counters() {
		return this.simulator.counters().toMap();
	}

}
