package com.marketiger3d.auth.token;

import java.time.Clock;
import java.util.Objects;

import com.marketiger3d.auth.api.MarketigerAuthClient;
import reactor.core.scheduler.Scheduler;

import org.springframework.context.ApplicationEventPublisher;

/**
 * What every session's {@link TokenRefreshService} shares: the auth client, the store,
 * the coordinator, the timing and retry rules, the clock, the scheduler and the event
 * publisher. The service account's service and each user's are made from one of these and
 * their own session key.
 *
 * @param client sends Login and RefreshToken
 * @param store where the pairs live
 * @param coordinator who may renew when several processes share the store
 * @param timing when a pair is fresh, stale or expired
 * @param retryPolicy how transient failures are retried
 * @param clock the clock tokens are judged by
 * @param scheduler where backoffs are timed
 * @param events where lifecycle events go
 * @since 0.1.0
 */
public record TokenServiceSettings(MarketigerAuthClient client, TokenStore store, RefreshCoordinator coordinator,
		TokenTiming timing, RetryPolicy retryPolicy, Clock clock, Scheduler scheduler,
		ApplicationEventPublisher events) {

	/**
	 * Check that every component is set.
	 * @param client sends Login and RefreshToken
	 * @param store where the pairs live
	 * @param coordinator who may renew when several processes share the store
	 * @param timing when a pair is fresh, stale or expired
	 * @param retryPolicy how transient failures are retried
	 * @param clock the clock tokens are judged by
	 * @param scheduler where backoffs are timed
	 * @param events where lifecycle events go
	 */
	public TokenServiceSettings {
		Objects.requireNonNull(client, "client must not be null");
		Objects.requireNonNull(store, "store must not be null");
		Objects.requireNonNull(coordinator, "coordinator must not be null");
		Objects.requireNonNull(timing, "timing must not be null");
		Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
		Objects.requireNonNull(clock, "clock must not be null");
		Objects.requireNonNull(scheduler, "scheduler must not be null");
		Objects.requireNonNull(events, "events must not be null");
	}

	/**
	 * Return these settings with another store, for a front door whose pairs live
	 * elsewhere.
	 * @param store the store
	 * @return the settings with {@code store}
	 */
	public TokenServiceSettings withStore(TokenStore store) {
		return new TokenServiceSettings(this.client, store, this.coordinator, this.timing, this.retryPolicy, this.clock,
				this.scheduler, this.events);
	}

	/**
	 * Return these settings with another coordinator.
	 * @param coordinator the coordinator
	 * @return the settings with {@code coordinator}
	 */
	public TokenServiceSettings withCoordinator(RefreshCoordinator coordinator) {
		return new TokenServiceSettings(this.client, this.store, coordinator, this.timing, this.retryPolicy, this.clock,
				this.scheduler, this.events);
	}

	@Override
	public String toString() {
		return "TokenServiceSettings[store=" + this.store + ", coordinator=" + this.coordinator + ", timing="
				+ this.timing + ", retryPolicy=" + this.retryPolicy + "]";
	}

}
