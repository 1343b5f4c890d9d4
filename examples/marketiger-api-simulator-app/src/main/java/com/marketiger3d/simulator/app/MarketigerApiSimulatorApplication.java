package com.marketiger3d.simulator.app;

import com.marketiger3d.simulator.MarketigerSimulator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The simulator as a standalone application: a {@link MarketigerSimulator} configured
 * with {@link SimulatorProperties}, listening on {@code 127.0.0.1:8089} unless
 * {@code marketiger.simulator.port} says otherwise, until the application is stopped.
 *
 * @since 0.1.0
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(SimulatorProperties.class)
public class MarketigerApiSimulatorApplication {

	private static final Log logger = LogFactory.getLog(MarketigerApiSimulatorApplication.class);

	@Bean(destroyMethod = "close")
	MarketigerSimulator marketigerSimulator(SimulatorProperties properties) {
		MarketigerSimulator simulator = MarketigerSimulator.start(properties.toSettings());
		logger.info("MarkeTiger3D API simulator at " + simulator.baseUrl() + ", admin at " + simulator.adminUrl()
				+ ", accounts " + properties.getAccounts());
		return simulator;
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(MarketigerApiSimulatorApplication.class);
		// The simulator's threads are daemons: keep the JVM up until the application
		// stops
		application.setKeepAlive(true);
		application.run(args);
	}

}
