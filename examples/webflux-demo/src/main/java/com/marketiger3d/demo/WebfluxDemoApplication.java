package com.marketiger3d.demo;

import com.marketiger3d.simulator.MarketigerSimulatorRuntimeHints;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.web.service.registry.HttpServiceGroup;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * A WebFlux application that calls the MarkeTiger3D API through
 * {@code marketiger-auth-spring-boot-starter}. Its code never sees a token: the starter
 * logs in, refreshes ahead of expiry and puts the token on every call of the
 * {@code marketigerWebClient} and of the {@code marketiger} HTTP service group.
 * <p>
 * Unless a base URL is configured, {@link EmbeddedSimulatorInitializer} starts the API
 * simulator inside the application and points the starter at it; for a native image, the
 * simulator's hints are imported with it.
 *
 * @since 0.1.0
 */
@SpringBootApplication(proxyBeanMethods = false)
@ImportHttpServices(group = "marketiger", types = MarketigerProjects.class,
		clientType = HttpServiceGroup.ClientType.WEB_CLIENT)
@ImportRuntimeHints(MarketigerSimulatorRuntimeHints.class)
public class WebfluxDemoApplication {

	public static void main(String[] args) {
		SpringApplication.run(WebfluxDemoApplication.class, args);
	}

}
