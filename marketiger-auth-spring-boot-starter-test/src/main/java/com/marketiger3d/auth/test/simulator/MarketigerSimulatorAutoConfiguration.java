package com.marketiger3d.auth.test.simulator;

import com.marketiger3d.auth.autoconfigure.MarketigerAuthAutoConfiguration;
import com.marketiger3d.auth.autoconfigure.MarketigerConnectionDetails;
import com.marketiger3d.simulator.ApplicationContextClock;
import com.marketiger3d.simulator.MarketigerSimulator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Auto-configuration imported by {@link AutoConfigureMarketigerSimulator}: a
 * {@link MarketigerSimulator} closed with the context, the
 * {@link MarketigerConnectionDetails} that point the starter at it, and the
 * {@code marketiger.auth.*} properties for it.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = MarketigerAuthAutoConfiguration.class)
@EnableConfigurationProperties(MarketigerSimulatorProperties.class)
public final class MarketigerSimulatorAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	MarketigerSimulator marketigerSimulator(MarketigerSimulatorProperties properties,
			ConfigurableApplicationContext context) {
		return MarketigerSimulator.start(properties.toSettings(new ApplicationContextClock(context)));
	}

	@Bean
	@ConditionalOnMissingBean(MarketigerConnectionDetails.class)
	SimulatorConnectionDetails marketigerSimulatorConnectionDetails(MarketigerSimulator simulator) {
		return new SimulatorConnectionDetails(simulator);
	}

	/**
	 * Register properties that keep what a test or the application reads matching the
	 * simulator. Values are read when first asked for, so the simulator starts only when
	 * something needs it.
	 */
	@Bean
	DynamicPropertyRegistrar marketigerSimulatorPropertyRegistrar(ObjectProvider<MarketigerSimulator> simulator,
			MarketigerSimulatorProperties properties) {
		return (registry) -> {
			registry.add("marketiger.auth.base-url", () -> simulator.getObject().baseUrl());
			if (properties.isServiceAccount()) {
				registry.add("marketiger.auth.email", () -> simulator.getObject().accounts().get(0).email());
				registry.add("marketiger.auth.password", () -> simulator.getObject().accounts().get(0).password());
			}
		};
	}

}
