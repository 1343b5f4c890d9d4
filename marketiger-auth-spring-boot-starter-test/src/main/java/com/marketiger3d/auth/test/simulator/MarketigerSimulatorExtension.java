package com.marketiger3d.auth.test.simulator;

import com.marketiger3d.simulator.MarketigerSimulator;
import com.marketiger3d.simulator.SimulatorSettings;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A {@link MarketigerSimulator} for a JUnit test that has no Spring context (a
 * {@code ApplicationContextRunner}, a hand-built client). Registered on a static field,
 * or with {@code @ExtendWith} (then with the default settings), one simulator serves the
 * whole test class and is closed after it; on an instance field, each test gets one of
 * its own. It is reset after each test, and injected into test and lifecycle methods that
 * take a {@code MarketigerSimulator} parameter. <pre class="code">
 * &#64;RegisterExtension
 * static final MarketigerSimulatorExtension simulator = new MarketigerSimulatorExtension(
 *         SimulatorSettings.builder().accessTokenLifetime(Duration.ofMinutes(1)).build());
 * </pre>
 * <p>
 * For a test with a Spring application context, use
 * {@link AutoConfigureMarketigerSimulator} instead.
 *
 * @since 0.1.0
 */
public final class MarketigerSimulatorExtension
		implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(MarketigerSimulatorExtension.class);

	private final SimulatorSettings settings;

	/**
	 * Create an extension whose simulator has the {@link SimulatorSettings#defaults()
	 * default settings}.
	 */
	public MarketigerSimulatorExtension() {
		this(SimulatorSettings.defaults());
	}

	/**
	 * Create an extension whose simulator has these settings.
	 * @param settings the settings
	 */
	public MarketigerSimulatorExtension(SimulatorSettings settings) {
		this.settings = settings;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		simulator(context);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		simulator(context);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		simulator(context).reset();
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == MarketigerSimulator.class;
	}

	@Override
	public MarketigerSimulator resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return simulator(extensionContext);
	}

	/**
	 * Return this extension's simulator in a test's context, started if need be. A store
	 * finds what an enclosing context holds, so a simulator started for the class serves
	 * its tests; the store closes it with the context it was started in.
	 */
	private MarketigerSimulator simulator(ExtensionContext context) {
		return context.getStore(NAMESPACE)
			.computeIfAbsent(this, (key) -> MarketigerSimulator.start(this.settings), MarketigerSimulator.class);
	}

}
