package com.marketiger3d.auth.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Gauges of the seconds left before the access token and the refresh token expire
 * ({@code marketiger.auth.access.token.remaining},
 * {@code marketiger.auth.refresh.token.remaining}; NaN while there is none). Reading them
 * makes no call.
 *
 * @since 0.1.0
 */
public class MarketigerAuthMetrics implements MeterBinder {

	private final TokenRefreshService tokens;

	/**
	 * Create the metrics.
	 * @param tokens the service whose tokens are measured
	 */
	public MarketigerAuthMetrics(TokenRefreshService tokens) {
		this.tokens = tokens;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, "marketiger.auth.access.token.remaining", "Seconds until the access token expires",
				TokenStatus::accessTokenExpiresAt);
		gauge(registry, "marketiger.auth.refresh.token.remaining", "Seconds until the refresh token expires",
				TokenStatus::refreshTokenExpiresAt);
	}

	private void gauge(MeterRegistry registry, String name, String description,
			Function<TokenStatus, @Nullable Instant> expiry) {
		Gauge.builder(name, this.tokens, (tokens) -> secondsLeft(tokens.status(), expiry))
			.description(description)
			.baseUnit("seconds")
			.tag("session", this.tokens.getSessionKey())
			.strongReference(true)
			.register(registry);
	}

	private static double secondsLeft(TokenStatus status, Function<TokenStatus, @Nullable Instant> expiry) {
		Instant at = expiry.apply(status);
		return (at != null) ? Duration.between(status.checkedAt(), at).toMillis() / 1000.0 : Double.NaN;
	}

}
