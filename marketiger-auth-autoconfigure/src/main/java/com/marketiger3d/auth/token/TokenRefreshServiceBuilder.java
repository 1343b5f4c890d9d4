package com.marketiger3d.auth.token;

import java.time.Clock;
import java.util.Objects;

import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Builds a {@link TokenRefreshService}: the settings every session shares, and the
 * session key, credentials and initial tokens of one.
 *
 * @since 0.1.0
 */
public class TokenRefreshServiceBuilder {

	private final MarketigerAuthClient client;

	private final TokenStore store;

	private RefreshCoordinator coordinator = RefreshCoordinator.inProcess();

	private String sessionKey = TokenRefreshService.SERVICE_ACCOUNT_SESSION;

	private TokenTiming timing = TokenTiming.defaults();

	private RetryPolicy retryPolicy = RetryPolicy.defaults();

	private @Nullable Credentials credentials;

	private @Nullable IssuedTokens initialTokens;

	private Clock clock = Clock.systemUTC();

	private Scheduler scheduler = Schedulers.parallel();

	private ApplicationEventPublisher events = (event) -> {
	};

	/**
	 * Create a builder; see {@link TokenRefreshService#builder}.
	 * @param client the auth client
	 * @param store where the pairs live
	 */
	protected TokenRefreshServiceBuilder(MarketigerAuthClient client, TokenStore store) {
		this.client = Objects.requireNonNull(client, "client must not be null");
		this.store = Objects.requireNonNull(store, "store must not be null");
	}

	/**
	 * Set the key of the session the service keeps.
	 * @param sessionKey the session key;
	 * {@value TokenRefreshService#SERVICE_ACCOUNT_SESSION} by default
	 * @return this builder
	 */
	public TokenRefreshServiceBuilder sessionKey(String sessionKey) {
		this.sessionKey = Objects.requireNonNull(sessionKey, "sessionKey must not be null");
		return this;
	}

	/**
	 * Set who may renew when several processes share the store; by default every renewal
	 * may go ahead (one process).
	 * @param coordinator the coordinator
	 * @return this builder
	 */
	public TokenRefreshServiceBuilder coordinator(RefreshCoordinator coordinator) {
		this.coordinator = Objects.requireNonNull(coordinator, "coordinator must not be null");
		return this;
	}

	/**
	 * Set when tokens are due, expired, and how long refresh tokens live.
	 * @param timing the timing; {@link TokenTiming#defaults()} by default
	 * @return this builder
	 */
	public TokenRefreshServiceBuilder timing(TokenTiming timing) {
		this.timing = Objects.requireNonNull(timing, "timing must not be null");
		return this;
	}

	/**
	 * Set how transient failures are retried.
	 * @param retryPolicy the policy; {@link RetryPolicy#defaults()} by default
	 * @return this builder
	 */
	public TokenRefreshServiceBuilder retryPolicy(RetryPolicy retryPolicy) {
		this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
		return this;
	}

	/**
	 * Set the credentials to log in with, first and whenever refreshing is impossible.
	 * @param credentials e-mail and password, or {@code null} for none
	 * @return this builder
	 */
	public TokenRefreshServiceBuilder credentials(@Nullable Credentials credentials) {
		this.credentials = credentials;
		return this;
	}

	/**
	 * Set the tokens to start from when the store holds none, instead of logging in.
	 * @param initialTokens the tokens, or {@code null} for none
	 * @return this builder
	 */
	public TokenRefreshServiceBuilder initialTokens(@Nullable IssuedTokens initialTokens) {
		this.initialTokens = initialTokens;
		return this;
	}

	/**
	 * Set the clock tokens are judged by.
	 * @param clock the clock; the system clock by default
	 * @return this builder
	 */
	public TokenRefreshServiceBuilder clock(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		return this;
	}

	/**
	 * Set the scheduler for backoff delays.
	 * @param scheduler a time-capable scheduler
	 * @return this builder
	 */
	public TokenRefreshServiceBuilder scheduler(Scheduler scheduler) {
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
		return this;
	}

	/**
	 * Set where lifecycle events are published.
	 * @param events the publisher; none by default
	 * @return this builder
	 */
	public TokenRefreshServiceBuilder eventPublisher(ApplicationEventPublisher events) {
		this.events = Objects.requireNonNull(events, "events must not be null");
		return this;
	}

	/**
	 * Return what this builder configures that every session shares, for
	 * {@link TokenSessions}.
	 * @return the settings
	 */
	public TokenServiceSettings settings() {
		return new TokenServiceSettings(this.client, this.store, this.coordinator, this.timing, this.retryPolicy,
				this.clock, this.scheduler, this.events);
	}

	String getSessionKey() {
		return this.sessionKey;
	}

	@Nullable Credentials getCredentials() {
		return this.credentials;
	}

	@Nullable IssuedTokens getInitialTokens() {
		return this.initialTokens;
	}

	/**
	 * Build the service.
	 * @return the service
	 */
	public TokenRefreshService build() {
		return new TokenRefreshService(this);
	}

}
