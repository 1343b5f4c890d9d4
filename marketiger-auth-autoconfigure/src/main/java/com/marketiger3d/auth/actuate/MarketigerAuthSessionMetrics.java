package com.marketiger3d.auth.actuate;

import java.util.Objects;

import com.marketiger3d.auth.token.TokenSessions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Gauges of the per-user sessions: how many have a service in memory
 * ({@code marketiger.auth.sessions.active}) and how many are renewing their pair
 * ({@code marketiger.auth.sessions.renewing}). They carry no tag, so no user name or
 * session key reaches a metric. Reading them visits no session and makes no call.
 *
 * @since 0.1.0
 */
public class MarketigerAuthSessionMetrics implements MeterBinder {

	private final TokenSessions sessions;

	/**
	 * Create the metrics.
	 * @param sessions the sessions measured
	 */
	public MarketigerAuthSessionMetrics(TokenSessions sessions) {
		this.sessions = Objects.requireNonNull(sessions, "sessions must not be null");
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("marketiger.auth.sessions.active", this.sessions, TokenSessions::activeCount)
			.description("Per-user sessions whose service is in memory")
			.baseUnit("sessions")
			.strongReference(true)
			.register(registry);
		Gauge.builder("marketiger.auth.sessions.renewing", this.sessions, TokenSessions::renewingCount)
			.description("Per-user sessions renewing their pair")
			.baseUnit("sessions")
			.strongReference(true)
			.register(registry);
	}

}
