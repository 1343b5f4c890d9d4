package com.marketiger3d.demo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the simulator the demo embeds when no base URL is configured, under
 * {@code demo.simulator}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("demo.simulator")
public class EmbeddedSimulatorProperties {

	/**
	 * How long the simulator's access tokens live; short, so that refreshes can be
	 * watched.
	 */
	private Duration accessTokenLifetime = Duration.ofSeconds(30);

	public Duration getAccessTokenLifetime() {
		return this.accessTokenLifetime;
	}

	public void setAccessTokenLifetime(Duration accessTokenLifetime) {
		this.accessTokenLifetime = accessTokenLifetime;
	}

}
