package com.marketiger3d.demo.servlet;

import java.util.Map;

import com.marketiger3d.simulator.Account;
import com.marketiger3d.simulator.MarketigerSimulator;
import com.marketiger3d.simulator.SimulatorSettings;
import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points the demo at an API: the one configured, or else an embedded simulator.
 * <ul>
 * <li>{@code marketiger.auth.base-url} set (in any way Spring Boot reads properties):
 * nothing to do;</li>
 * <li>{@code MARKETIGER_BASE_URL} set: the base URL, with {@code MARKETIGER_EMAIL} and
 * {@code MARKETIGER_PASSWORD} as credentials unless {@code marketiger.auth.email} and
 * {@code password} are set;</li>
 * <li>neither: a {@link MarketigerSimulator} is started on a free loopback port, the demo
 * account is configured for it, and it is closed with the application context.</li>
 * </ul>
 */
class EmbeddedSimulatorEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "marketigerApiSimulator";

	static final String SIMULATOR_BEAN_NAME = "marketigerApiSimulator";

	private static final String BASE_URL = "marketiger.auth.base-url";

	private static final String EXTERNAL_BASE_URL = "MARKETIGER_BASE_URL";

	private final Log logger;

	EmbeddedSimulatorEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(EmbeddedSimulatorEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.containsProperty(BASE_URL)) {
			return;
		}
		if (environment.containsProperty(EXTERNAL_BASE_URL)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME,
						Map.of(BASE_URL, "${" + EXTERNAL_BASE_URL + "}", "marketiger.auth.email", "${MARKETIGER_EMAIL}",
								"marketiger.auth.password", "${MARKETIGER_PASSWORD}")));
			return;
		}
		if (!isEmbedded(environment)) {
			return;
		}
		MarketigerSimulator simulator = MarketigerSimulator.start();
		Account account = SimulatorSettings.DEMO_ACCOUNT;
		environment.getPropertySources()
			.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(BASE_URL, simulator.baseUrl(),
					"marketiger.auth.email", account.email(), "marketiger.auth.password", account.password())));
		application.addInitializers(new SimulatorRegistration(simulator));
		this.logger
			.info("No marketiger.auth.base-url or MARKETIGER_BASE_URL: started the MarkeTiger3D API simulator at "
					+ simulator.baseUrl());
	}

	/**
	 * Whether to embed a simulator when no API is named: not where something else starts
	 * one ({@code demo.simulator.embedded=false}, as the demo's tests set it: they use
	 * the test starter's).
	 */
	private static boolean isEmbedded(ConfigurableEnvironment environment) {
		return environment.getProperty("demo.simulator.embedded", Boolean.class, true);
	}

	@Override
	public int getOrder() {
		// After application.properties and the like are read, so a base URL set there
		// counts.
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

	/**
	 * Makes the simulator a bean (tests read its counters) and closes it with the
	 * context.
	 */
	static final class SimulatorRegistration implements ApplicationContextInitializer<ConfigurableApplicationContext>,
			ApplicationListener<ContextClosedEvent> {

		private final MarketigerSimulator simulator;

		SimulatorRegistration(MarketigerSimulator simulator) {
			this.simulator = simulator;
		}

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			context.getBeanFactory().registerSingleton(SIMULATOR_BEAN_NAME, this.simulator);
			context.addApplicationListener(this);
		}

		@Override
		public void onApplicationEvent(ContextClosedEvent event) {
			this.simulator.close();
		}

	}

}
