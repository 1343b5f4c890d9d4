package com.marketiger3d.auth.test.simulator;

import com.marketiger3d.simulator.MarketigerSimulator;

import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Resets every {@link MarketigerSimulator} bean of a test's context after each test
 * method, so that a test's faults and counters do not reach the next test, in this class
 * or in another one sharing the cached context. Never loads a context to do so.
 *
 * @since 0.1.0
 */
public class MarketigerSimulatorResetTestExecutionListener extends AbstractTestExecutionListener {

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		if (testContext.hasApplicationContext()) {
			testContext.getApplicationContext()
				.getBeanProvider(MarketigerSimulator.class)
				.forEach(MarketigerSimulator::reset);
		}
	}

}
