package com.marketiger3d.demo;

import java.util.LinkedHashMap;
import java.util.Map;

import com.marketiger3d.simulator.ApplicationContextClock;
import com.marketiger3d.simulator.MarketigerSimulator;
import com.marketiger3d.simulator.SimulatorSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Decides which API the demo calls, before any bean is created:
 * <ul>
 * <li>{@code marketiger.auth.base-url} is set (in any of Spring Boot's ways, the
 * {@code MARKETIGER_AUTH_BASE_URL} environment variable included): the starter is
 * configured already, nothing to do;</li>
 * <li>the {@code MARKETIGER_BASE_URL} environment variable is set: it becomes
 * {@code marketiger.auth.base-url}, and {@code MARKETIGER_EMAIL} and
 * {@code MARKETIGER_PASSWORD} become the credentials, unless {@code marketiger.auth.*}
 * says otherwise;</li>
 * <li>otherwise: the API simulator starts inside the demo, on a free loopback port, and
 * the starter is pointed at it with the simulator's demo account.</li>
 * </ul>
 * <p>
 * Why an {@link ApplicationContextInitializer} (registered in
 * {@code META-INF/spring.factories}) rather than an {@code EnvironmentPostProcessor} or a
 * bean: it runs once {@code application.properties}, the environment variables and the
 * command line are all in the environment, so it sees whether a base URL was given; it
 * runs before any bean exists, so the starter's properties bind the URL it adds; and,
 * unlike an environment post-processor, it has the application context at hand, so the
 * simulator can be a bean that the context closes with itself, and can read the time from
 * the application's clock ({@link ApplicationContextClock}). A bean that started the
 * simulator would race the starter's beans for the base URL.
 */
class EmbeddedSimulatorInitializer implements ApplicationContextInitializer<GenericApplicationContext> {

	/** Name of the property source that points the starter at the API. */
	static final String PROPERTY_SOURCE_NAME = "demoMarketigerApi";

	/** Name of the simulator's bean, in embedded mode. */
	static final String SIMULATOR_BEAN_NAME = "marketigerApiSimulator";

	private static final Log logger = LogFactory.getLog(EmbeddedSimulatorInitializer.class);

	@Override
	public void initialize(GenericApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		if (environment.containsProperty("marketiger.auth.base-url")) {
			return;
		}
		String baseUrl = environment.getProperty("MARKETIGER_BASE_URL");
		if (baseUrl != null) {
			useEnvironmentVariables(environment, baseUrl);
		}
		else if (isEmbedded(environment)) {
			startSimulator(context, environment);
		}
	}

	private void useEnvironmentVariables(ConfigurableEnvironment environment, String baseUrl) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("marketiger.auth.base-url", baseUrl);
		copy(environment, "MARKETIGER_EMAIL", "marketiger.auth.email", properties);
		copy(environment, "MARKETIGER_PASSWORD", "marketiger.auth.password", properties);
		// Last: explicit marketiger.auth.* settings win over these names
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
		logger.info("demo: calling the MarkeTiger3D API at " + baseUrl);
	}

	private static void copy(ConfigurableEnvironment environment, String from, String to,
			Map<String, Object> properties) {
		String value = environment.getProperty(from);
		if (value != null) {
			properties.put(to, value);
		}
	}

	/**
	 * Whether to embed a simulator when no API is named: not where something else starts
	 * one ({@code demo.simulator.embedded=false}, as the demo's tests set it: they use
	 * the test starter's).
	 */
	private static boolean isEmbedded(ConfigurableEnvironment environment) {
		return environment.getProperty("demo.simulator.embedded", Boolean.class, true);
	}

	private void startSimulator(GenericApplicationContext context, ConfigurableEnvironment environment) {
		EmbeddedSimulatorProperties settings = Binder.get(environment)
			.bindOrCreate("demo.simulator", EmbeddedSimulatorProperties.class);
		SimulatorSettings simulatorSettings;
		try {
			simulatorSettings = SimulatorSettings.builder()
				.accessTokenLifetime(settings.getAccessTokenLifetime())
				.clock(new ApplicationContextClock(context))
				.build();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("demo.simulator.access-token-lifetime must be positive", ex);
		}
		MarketigerSimulator simulator = MarketigerSimulator.start(simulatorSettings);
		// A bean, so that the context closes it (MarketigerSimulator is AutoCloseable)
		context.registerBean(SIMULATOR_BEAN_NAME, MarketigerSimulator.class, () -> simulator);
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("marketiger.auth.base-url", simulator.baseUrl());
		properties.put("marketiger.auth.email", SimulatorSettings.DEMO_ACCOUNT.email());
		properties.put("marketiger.auth.password", SimulatorSettings.DEMO_ACCOUNT.password());
		// First: the simulator accepts its demo account and nothing else
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
		logger.info("demo: MarkeTiger3D API simulator embedded at " + simulator.baseUrl() + " (access tokens live "
				+ settings.getAccessTokenLifetime().toSeconds() + " s, counters at GET /simulator/counters); set"
				+ " MARKETIGER_BASE_URL, MARKETIGER_EMAIL and MARKETIGER_PASSWORD to call another API");
	}

}
