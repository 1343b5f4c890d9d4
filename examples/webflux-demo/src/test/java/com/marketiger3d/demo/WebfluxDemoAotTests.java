package com.marketiger3d.demo;

import java.time.Duration;

import com.marketiger3d.auth.actuate.MarketigerAuthEndpoint;
import com.marketiger3d.auth.autoconfigure.MarketigerAuthProperties;
import com.marketiger3d.simulator.MarketigerSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.aot.AotDetector;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplication.AbandonedRunException;
import org.springframework.boot.SpringApplicationHook;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.Compiled;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the demo processed ahead of time, as {@code spring-boot:process-aot} does for
 * a native image: Spring's AOT engine turns the demo's application context into generated
 * code and hints, the code is compiled, and the demo starts from it with
 * {@code spring.aot.enabled=true}, with its embedded simulator. In the JVM: no native
 * image is built. The forked class loader lets the generated code reach the demo's
 * package-private classes.
 */
@CompileWithForkedClassLoader
class WebfluxDemoAotTests {

	private static final String AOT_ENABLED = "spring.aot.enabled";

	private static final String AOT_PROCESSING = "spring.aot.processing";

	@Test
	void theDemoStartedFromItsAheadOfTimeCodeAnswersProjectsThroughTheSimulator() {
		TestGenerationContext generation = new TestGenerationContext(WebfluxDemoApplication.class);
		ClassName initializer = processAheadOfTime(generation);
		assertThat(initializer.canonicalName())
			.isEqualTo(WebfluxDemoApplication.class.getName() + "__ApplicationContextInitializer");
		TestCompiler.forSystem().with(generation).compile(this::startAheadOfTime);
	}

	@Test
	void theHintsOfTheProcessedDemoCoverTheStarterAndTheEmbeddedSimulator() {
		TestGenerationContext generation = new TestGenerationContext(WebfluxDemoApplication.class);
		processAheadOfTime(generation);
		RuntimeHints hints = generation.getRuntimeHints();
		// the starter's own registrar, found through its aot.factories
		assertThat(RuntimeHintsPredicates.resource().forResource("com/marketiger3d/auth/redis/compare-and-set.lua"))
			.accepts(hints);
		// Spring Boot's, for what the starter declares: its properties and its endpoint
		assertThat(RuntimeHintsPredicates.reflection().onType(MarketigerAuthProperties.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(MarketigerAuthEndpoint.class, "state"))
			.accepts(hints);
		// the simulator's, imported by the demo: the projects it writes as JSON
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(TypeReference.of("com.marketiger3d.simulator.Catalogue$Project"))).accepts(hints);
	}

	/**
	 * Prepare the demo's context as {@code SpringApplication} would, stop before its
	 * refresh (as Spring Boot's AOT processor does, with a hook), and generate its code.
	 */
	private static ClassName processAheadOfTime(TestGenerationContext generation) {
		System.setProperty(AOT_PROCESSING, "true");
		try {
			GenericApplicationContext context = loadedContext();
			try {
				ClassName initializer = new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
				generation.writeGeneratedContent();
				return initializer;
			}
			finally {
				context.close();
			}
		}
		finally {
			System.clearProperty(AOT_PROCESSING);
		}
	}

	private static GenericApplicationContext loadedContext() {
		SpringApplicationHook stopBeforeRefresh = (application) -> new SpringApplicationRunListener() {

			@Override
			public void contextLoaded(ConfigurableApplicationContext context) {
				throw new AbandonedRunException(context);
			}

		};
		try {
			SpringApplication.withHook(stopBeforeRefresh, () -> application().run("--server.port=0"));
		}
		catch (AbandonedRunException ex) {
			return (GenericApplicationContext) ex.getApplicationContext();
		}
		throw new IllegalStateException("The demo's context was refreshed instead of being processed");
	}

	private static SpringApplication application() {
		SpringApplication application = new SpringApplication(WebfluxDemoApplication.class);
		// Not the test runner's: SpringApplication finds the generated initializer by
		// the main class's name
		application.setMainApplicationClass(WebfluxDemoApplication.class);
		return application;
	}

	private void startAheadOfTime(Compiled compiled) {
		SpringApplication application = application();
		application.setResourceLoader(new DefaultResourceLoader(compiled.getClassLoader()));
		System.setProperty(AOT_ENABLED, "true");
		try (ConfigurableApplicationContext context = application.run("--server.port=0",
				"--demo.simulator.embedded=true")) {
			assertThat(AotDetector.useGeneratedArtifacts()).isTrue();
			// built from the generated code, not by scanning the demo's classes
			assertThat(context.getClass()).isEqualTo(ReactiveWebServerApplicationContext.class);
			String port = context.getEnvironment().getRequiredProperty("local.server.port");
			WebTestClient web = WebTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + port)
				.responseTimeout(Duration.ofMinutes(1))
				.build();
			web.get().uri("/projects").exchange().expectStatus().isOk().expectBody().jsonPath("$.projects").isArray();
			MarketigerSimulator simulator = context.getBean(MarketigerSimulator.class);
			assertThat(simulator.counters().logins()).isOne();
			assertThat(simulator.counters().apiCallsOk()).isOne();
		}
		finally {
			System.clearProperty(AOT_ENABLED);
		}
	}

}
