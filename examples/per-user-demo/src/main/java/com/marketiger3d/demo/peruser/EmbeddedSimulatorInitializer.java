package com.marketiger3d.demo.peruser;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.marketiger3d.simulator.Account;
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
 * <li>{@code marketiger.auth.base-url} is set (in any of Spring Boot's ways): the starter
 * is configured already, nothing to do;</li>
 * <li>the {@code MARKETIGER_BASE_URL} environment variable is set: it becomes
 * {@code marketiger.auth.base-url};</li>
 * <li>otherwise: the API simulator starts inside the demo, on a free loopback port, with
 * the MarkeTiger accounts of {@code demo.simulator.accounts}, and the starter is pointed
 * at it.</li>
 * </ul>
 * No credentials are configured in any case: in per-user mode each user connects their
 * own account.
 * <p>
 * An {@link ApplicationContextInitializer} (registered in
 * {@code META-INF/spring.factories}) for the reasons the WebFlux demo's initializer
 * gives: it sees the whole environment, runs before the starter's properties are bound,
 * and can register the simulator as a bean that the context closes.
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
			addBaseUrl(environment, baseUrl);
			logger.info("demo: calling the MarkeTiger3D API at " + baseUrl);
		}
		else if (isEmbedded(environment)) {
			startSimulator(context, environment);
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
			List<Account> accounts = settings.getAccounts()
				.stream()
				.map((account) -> new Account(account.getEmail(), account.getPassword()))
				.toList();
			simulatorSettings = SimulatorSettings.builder()
				.accounts(accounts)
				.accessTokenLifetime(settings.getAccessTokenLifetime())
				.clock(new ApplicationContextClock(context))
				.build();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("demo.simulator is invalid: " + ex.getMessage()
					+ " (access-token-lifetime must be positive; each of accounts needs an email and a password)", ex);
		}
		MarketigerSimulator simulator = MarketigerSimulator.start(simulatorSettings);
		// A bean, so that the context closes it (MarketigerSimulator is AutoCloseable)
		context.registerBean(SIMULATOR_BEAN_NAME, MarketigerSimulator.class, () -> simulator);
		addBaseUrl(environment, simulator.baseUrl());
		String emails = simulatorSettings.accounts().stream().map(Account::email).collect(Collectors.joining(", "));
		logger.info("demo: MarkeTiger3D API simulator embedded at " + simulator.baseUrl() + " (access tokens live "
				+ settings.getAccessTokenLifetime().toSeconds() + " s; accounts " + emails
				+ "); set MARKETIGER_BASE_URL to call another API");
	}

	private static void addBaseUrl(ConfigurableEnvironment environment, String baseUrl) {
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of("marketiger.auth.base-url", baseUrl)));
	}

}
