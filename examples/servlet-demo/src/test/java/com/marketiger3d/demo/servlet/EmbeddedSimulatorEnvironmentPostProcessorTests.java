package com.marketiger3d.demo.servlet;

import java.util.function.Supplier;

import com.marketiger3d.demo.servlet.EmbeddedSimulatorEnvironmentPostProcessor.SimulatorRegistration;
import com.marketiger3d.simulator.MarketigerSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link EmbeddedSimulatorEnvironmentPostProcessor}.
 */
class EmbeddedSimulatorEnvironmentPostProcessorTests {

	private final EmbeddedSimulatorEnvironmentPostProcessor postProcessor = new EmbeddedSimulatorEnvironmentPostProcessor(
			Supplier::get);

	private final SpringApplication application = new SpringApplication(ServletDemoApplication.class);

	@Test
	void leavesAConfiguredBaseUrlAlone() {
		MockEnvironment environment = new MockEnvironment().withProperty("marketiger.auth.base-url",
				"https://devapi.marketiger3d.com/v2");
		int initializers = this.application.getInitializers().size();

		this.postProcessor.postProcessEnvironment(environment, this.application);

		assertThat(environment.getPropertySources()
			.contains(EmbeddedSimulatorEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
		assertThat(this.application.getInitializers()).hasSize(initializers);
	}

	@Test
	void embeddedFalseStartsNoSimulator() {
		MockEnvironment environment = new MockEnvironment().withProperty("demo.simulator.embedded", "false");

		this.postProcessor.postProcessEnvironment(environment, this.application);

		assertThat(environment.getProperty("marketiger.auth.base-url")).isNull();
		assertThat(this.application.getInitializers()).noneMatch(SimulatorRegistration.class::isInstance);
	}

	@Test
	void mapsTheEnvironmentVariablesOfAnExternalApi() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("MARKETIGER_BASE_URL", "https://devapi.marketiger3d.com/v2")
			.withProperty("MARKETIGER_EMAIL", "robot@example.com")
			.withProperty("MARKETIGER_PASSWORD", "secret");

		this.postProcessor.postProcessEnvironment(environment, this.application);

		assertThat(environment.getProperty("marketiger.auth.base-url")).isEqualTo("https://devapi.marketiger3d.com/v2");
		assertThat(environment.getProperty("marketiger.auth.email")).isEqualTo("robot@example.com");
		assertThat(environment.getProperty("marketiger.auth.password")).isEqualTo("secret");
		assertThat(this.application.getInitializers()).noneMatch(SimulatorRegistration.class::isInstance);
	}

	@Test
	void startsASimulatorAndClosesItWithTheContext() {
		MockEnvironment environment = new MockEnvironment();

		this.postProcessor.postProcessEnvironment(environment, this.application);

		String baseUrl = environment.getProperty("marketiger.auth.base-url");
		assertThat(baseUrl).startsWith("http://127.0.0.1:").endsWith("/v2");
		assertThat(environment.getProperty("marketiger.auth.email")).isEqualTo("demo@marketiger3d.test");
		SimulatorRegistration registration = this.application.getInitializers()
			.stream()
			.filter(SimulatorRegistration.class::isInstance)
			.map(SimulatorRegistration.class::cast)
			.findFirst()
			.orElseThrow();
		GenericApplicationContext context = new GenericApplicationContext();
		registration.initialize(context);
		context.refresh();
		MarketigerSimulator simulator = context.getBean(MarketigerSimulator.class);
		assertThat(simulator.baseUrl()).isEqualTo(baseUrl);
		RestClient admin = RestClient.create(simulator.adminUrl());
		assertThat(admin.get().uri("/counters").retrieve().body(String.class)).contains("\"logins\"");

		context.close();

		assertThatException().isThrownBy(() -> admin.get().uri("/counters").retrieve().body(String.class));
	}

}
