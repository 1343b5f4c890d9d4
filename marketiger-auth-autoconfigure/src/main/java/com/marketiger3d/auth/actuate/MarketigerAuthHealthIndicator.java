package com.marketiger3d.auth.actuate;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the MarkeTiger3D connection, contributed as {@code marketigerAuth}: UP while
 * a usable token exists or can be obtained, DOWN with the reason when re-authentication
 * is required or Login rejects the credentials. Reads {@link MarketigerAuthState}: a
 * probe never calls the API.
 *
 * @since 0.1.0
 */
public class MarketigerAuthHealthIndicator extends AbstractHealthIndicator {

	private final MarketigerAuthState state;

	/**
	 * Create the indicator.
	 * @param state the state it reports
	 */
	public MarketigerAuthHealthIndicator(MarketigerAuthState state) {
		super("MarkeTiger3D auth health check failed");
		this.state = state;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (this.state.isUsable()) {
			builder.up();
		}
		else {
			builder.down().withDetail("reason", String.valueOf(this.state.reason()));
		}
		builder.withDetails(this.state.describe());
	}

}
