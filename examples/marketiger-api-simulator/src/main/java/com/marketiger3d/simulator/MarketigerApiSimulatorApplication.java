package com.marketiger3d.simulator;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The simulator as a standalone Spring Boot WebFlux application, configured with
 * {@link SimulatorProperties} and listening on {@code 127.0.0.1:8089} unless
 * {@code server.address} and {@code server.port} say otherwise. No component scanning and
 * no {@code application.properties} of its own, so that an application embedding the
 * simulator's jar is not affected by it.
 *
 * @since 0.1.0
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableConfigurationProperties(SimulatorProperties.class)
public class MarketigerApiSimulatorApplication {

	private static final Log logger = LogFactory.getLog(MarketigerApiSimulatorApplication.class);

	@Bean
	SimulatedApi simulatedApi(SimulatorProperties properties) {
		return new SimulatedApi(properties.toSettings());
	}

	@Bean
	RouterFunction<ServerResponse> simulatorRoutes(SimulatedApi simulatedApi) {
		return simulatedApi.routes();
	}

	@Bean
	ApplicationListener<WebServerInitializedEvent> simulatorStartedLogger(SimulatorProperties properties) {
		return (event) -> {
			String host = event.getApplicationContext().getEnvironment().getProperty("server.address", "127.0.0.1");
			String root = "http://" + host + ":" + event.getWebServer().getPort();
			logger.info("MarkeTiger3D API simulator at " + root + SimulatedApi.BASE_PATH + ", admin at " + root
					+ SimulatedApi.ADMIN_PATH + ", accounts " + properties.getAccounts());
		};
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(MarketigerApiSimulatorApplication.class);
		application.setDefaultProperties(Map.of("server.address", "127.0.0.1", "server.port", "8089"));
		application.run(args);
	}

}
