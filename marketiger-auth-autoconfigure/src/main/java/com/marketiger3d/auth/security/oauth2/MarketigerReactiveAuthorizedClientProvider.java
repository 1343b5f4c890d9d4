package com.marketiger3d.auth.security.oauth2;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.token.RefreshCoordinator;
import com.marketiger3d.auth.token.RetryPolicy;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenServiceSettings;
import com.marketiger3d.auth.token.TokenSessions;
import com.marketiger3d.auth.token.TokenTiming;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * A {@link ReactiveOAuth2AuthorizedClientProvider} that performs MarkeTiger's Login and
 * RefreshToken, for one client registration ({@value #DEFAULT_REGISTRATION_ID} unless
 * told otherwise); for any other registration it returns empty, so that other providers
 * can act.
 * <p>
 * For the context of its registration:
 * <ul>
 * <li><b>connect</b>: with the {@link MarketigerLoginAttributes e-mail and password
 * attributes}, it logs in (whatever client the principal has) and returns the new client.
 * The credentials are never stored. Anonymous principals are refused: they all share one
 * name;</li>
 * <li><b>not connected</b>: without credentials and without an authorized client, it
 * returns empty, Spring Security's "not supported", so that the application can send the
 * user to its connect page;</li>
 * <li><b>fresh</b>: while the access token is not due, it returns empty without any work,
 * and the manager keeps the client it has;</li>
 * <li><b>due</b>: from {@code refresh-ahead} before the access token's expiry (capped as
 * {@link TokenTiming#refreshAt} says), it renews through the starter's engine: one
 * {@link TokenRefreshService} per user in {@link TokenSessions}, with the
 * {@link RefreshCoordinator}'s lease, over the application's authorized client service,
 * which the engine reads before it renews and writes before it answers. A caller holding
 * an older copy gets the newer client without a call; the user is the client's
 * {@code principalName}, whoever the request's principal is.</li>
 * </ul>
 * Expiries follow {@link TokenTiming#issued}; see docs/architecture.md.
 * <p>
 * Failures are {@link ClientAuthorizationException}s with the MarkeTiger exception as
 * cause, mapped as {@link ClientAuthorizationFailures} says; while the access token has
 * not expired, a refresh that could not happen now is no error, and the current token
 * keeps being used. No token, refresh token or password appears in a message or a log
 * line; tokens are named by their fingerprints.
 * <p>
 * This class is thread-safe.
 *
 * @since 0.1.0
 */
public final class MarketigerReactiveAuthorizedClientProvider implements ReactiveOAuth2AuthorizedClientProvider {

	/** The registration id the provider acts for unless told otherwise. */
	public static final String DEFAULT_REGISTRATION_ID = "marketiger";

	/**
	 * The authorization grant type of a MarkeTiger client registration: Login with e-mail
	 * and password, then RefreshToken.
	 */
	public static final AuthorizationGrantType LOGIN_GRANT_TYPE = new AuthorizationGrantType(
			"urn:marketiger:params:oauth:grant-type:login");

	private final String registrationId;

	private final TokenTiming timing;

	private final Clock clock;

	private final AuthorizedClientTokenStore store;

	private final TokenSessions sessions;

	private final ClientAuthorizationFailures failures;

	private MarketigerReactiveAuthorizedClientProvider(Builder builder) {
		this.registrationId = builder.registrationId;
		this.failures = new ClientAuthorizationFailures(builder.registrationId);
		this.timing = builder.timing;
		this.clock = builder.clock;
		this.store = new AuthorizedClientTokenStore(
				Objects.requireNonNull(builder.service, "the authorized client service must be set"),
				builder.registrationId, builder.timing.refreshTokenLifetime());
		TokenServiceSettings settings = new TokenServiceSettings(builder.client, this.store, builder.coordinator,
				builder.timing, builder.retryPolicy, builder.clock, builder.scheduler, builder.events);
		this.sessions = new TokenSessions(settings, builder.rotationMemory, builder.maxActive, false);
	}

	/**
	 * Start a builder.
	 * @param client the auth client that sends Login and RefreshToken
	 * @return a builder
	 */
	public static Builder builder(MarketigerAuthClient client) {
		return new Builder(client);
	}

	/**
	 * Return whether this provider acts for a registration.
	 * @param registration a client registration
	 * @return {@code true} for the registration with this provider's id
	 */
	public boolean supports(ClientRegistration registration) {
		return this.registrationId.equals(registration.getRegistrationId());
	}

	/**
	 * Return the id of the registration this provider acts for.
	 * @return the registration id
	 */
	public String getRegistrationId() {
		return this.registrationId;
	}

	@Override
	public Mono<OAuth2AuthorizedClient> authorize(OAuth2AuthorizationContext context) {
		Objects.requireNonNull(context, "context must not be null");
		if (!supports(context.getClientRegistration())) {
			return Mono.empty();
		}
		Credentials credentials;
		try {
			credentials = MarketigerLoginAttributes.credentials(context);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(ex);
		}
		this.store.use(context.getClientRegistration());
		OAuth2AuthorizedClient held = context.getAuthorizedClient();
		if (credentials != null) {
			return connect(context, credentials);
		}
		if (held == null || !isDue(held, this.clock.millis())) {
			return Mono.empty();
		}
		return refresh(held).onErrorResume((failure) -> afterFailedRefresh(held, failure));
	}

	/**
	 * Return whether a caller that cannot wait for {@link #authorize} may go on with the
	 * client it has, as after a transient failure: it asked for no connect, and its
	 * access token has not expired.
	 * @param context the context
	 * @return whether the current client may be kept
	 */
	boolean mayKeepCurrentClient(OAuth2AuthorizationContext context) {
		OAuth2AuthorizedClient held = context.getAuthorizedClient();
		return held != null && MarketigerLoginAttributes.credentials(context) == null
				&& !isExpired(held, this.clock.millis());
	}

	/**
	 * Return a provider that lets this one alone decide for its registration, and
	 * {@code otherRegistrations} for every other. Spring Security's own providers must
	 * not see a MarkeTiger client: its refresh-token provider would send the refresh
	 * token to the registration's token URI in a request MarkeTiger does not know.
	 * @param otherRegistrations the providers of the other registrations
	 * @return the combined provider
	 */
	public ReactiveOAuth2AuthorizedClientProvider combinedWith(
			ReactiveOAuth2AuthorizedClientProvider otherRegistrations) {
		Objects.requireNonNull(otherRegistrations, "otherRegistrations must not be null");
		return (context) -> supports(context.getClientRegistration()) ? authorize(context)
				: otherRegistrations.authorize(context);
	}

	private Mono<OAuth2AuthorizedClient> connect(OAuth2AuthorizationContext context, Credentials credentials) {
		if (context.getPrincipal() instanceof AnonymousAuthenticationToken) {
			return Mono.error(new IllegalStateException("A MarkeTiger account is connected per user, and an anonymous"
					+ " principal names no one (every anonymous visitor shares its name): sign the user in first"));
		}
		String principalName = context.getPrincipal().getName();
		return this.sessions.connect(this.store.sessionKey(principalName), credentials)
			.map((pair) -> this.store.client(principalName, pair))
			.onErrorMap(this.failures::translate);
	}

	/** Renew in the session of the client's owner, whoever the caller is. */
	private Mono<OAuth2AuthorizedClient> refresh(OAuth2AuthorizedClient held) {
		String principalName = held.getPrincipalName();
		TokenRefreshService session = this.sessions.session(this.store.sessionKey(principalName));
		return session.tokensReplacing(this.store.stored(held)).map((pair) -> this.store.client(principalName, pair));
	}

	/**
	 * While the held access token has not expired, a refresh that could not happen now is
	 * no reason to fail the caller: the current token is used until it expires.
	 */
	private Mono<OAuth2AuthorizedClient> afterFailedRefresh(OAuth2AuthorizedClient held, Throwable failure) {
		if (ClientAuthorizationFailures.isRetryLater(failure) && !isExpired(held, this.clock.millis())) {
			return Mono.empty();
		}
		return Mono.error(this.failures.translate(failure));
	}

	private boolean isDue(OAuth2AuthorizedClient client, long now) {
		OAuth2AccessToken accessToken = client.getAccessToken();
		Instant expiresAt = accessToken.getExpiresAt();
		return expiresAt == null || now >= this.timing.refreshAt(accessToken.getIssuedAt(), expiresAt).toEpochMilli();
	}

	private boolean isExpired(OAuth2AuthorizedClient client, long now) {
		OAuth2AccessToken accessToken = client.getAccessToken();
		Instant expiresAt = accessToken.getExpiresAt();
		return expiresAt == null || now >= this.timing.expiredAt(accessToken.getIssuedAt(), expiresAt).toEpochMilli();
	}

	@Override
	public String toString() {
		return "MarketigerReactiveAuthorizedClientProvider[registrationId=" + this.registrationId + "]";
	}

	/**
	 * Builds a {@link MarketigerReactiveAuthorizedClientProvider}.
	 */
	public static final class Builder {

		private final MarketigerAuthClient client;

		private String registrationId = DEFAULT_REGISTRATION_ID;

		private @Nullable ReactiveOAuth2AuthorizedClientService service;

		private RefreshCoordinator coordinator = RefreshCoordinator.inProcess();

		private TokenTiming timing = TokenTiming.defaults();

		private RetryPolicy retryPolicy = RetryPolicy.defaults();

		private Clock clock = Clock.systemUTC();

		private Duration rotationMemory = Duration.ofMinutes(10);

		private int maxActive = 10_000;

		private Scheduler scheduler = Schedulers.parallel();

		private ApplicationEventPublisher events = (event) -> {
		};

		private Builder(MarketigerAuthClient client) {
			this.client = Objects.requireNonNull(client, "client must not be null");
		}

		/**
		 * Set the registration to act for.
		 * @param registrationId the registration id;
		 * {@value MarketigerReactiveAuthorizedClientProvider#DEFAULT_REGISTRATION_ID} by
		 * default
		 * @return this builder
		 */
		public Builder registrationId(String registrationId) {
			Objects.requireNonNull(registrationId, "registrationId must not be null");
			if (registrationId.isBlank()) {
				throw new IllegalArgumentException("registrationId must not be blank");
			}
			this.registrationId = registrationId;
			return this;
		}

		/**
		 * Set the service the application's manager loads clients from and saves them to;
		 * required, this or the blocking one.
		 * @param service the reactive authorized client service
		 * @return this builder
		 */
		public Builder authorizedClientService(ReactiveOAuth2AuthorizedClientService service) {
			this.service = Objects.requireNonNull(service, "service must not be null");
			return this;
		}

		/**
		 * Set the blocking service the clients live in, called on
		 * {@link Schedulers#boundedElastic()}.
		 * @param service the authorized client service
		 * @return this builder
		 */
		public Builder authorizedClientService(OAuth2AuthorizedClientService service) {
			this.service = AuthorizedClientTokenStore.reactive(service);
			return this;
		}

		/**
		 * Set who may renew a user's client when several instances share the service.
		 * @param coordinator the coordinator; {@link RefreshCoordinator#inProcess()} by
		 * default
		 * @return this builder
		 */
		public Builder coordinator(RefreshCoordinator coordinator) {
			this.coordinator = Objects.requireNonNull(coordinator, "coordinator must not be null");
			return this;
		}

		/**
		 * Set when tokens are due, expired, and how long refresh tokens live.
		 * @param timing the timing; {@link TokenTiming#defaults()} by default
		 * @return this builder
		 */
		public Builder timing(TokenTiming timing) {
			this.timing = Objects.requireNonNull(timing, "timing must not be null");
			return this;
		}

		/**
		 * Set how transient failures of a call are retried.
		 * @param retryPolicy the policy; {@link RetryPolicy#defaults()} by default
		 * @return this builder
		 */
		public Builder retryPolicy(RetryPolicy retryPolicy) {
			this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
			return this;
		}

		/**
		 * Set the clock tokens are judged by.
		 * @param clock the clock; the system clock by default
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock must not be null");
			return this;
		}

		/**
		 * Set how long a user's session stays in memory after its last use.
		 * @param rotationMemory a positive duration; 10 minutes by default
		 * @return this builder
		 */
		public Builder rotationMemory(Duration rotationMemory) {
			Objects.requireNonNull(rotationMemory, "rotationMemory must not be null");
			if (rotationMemory.isNegative() || rotationMemory.isZero()) {
				throw new IllegalArgumentException("rotationMemory must be positive");
			}
			this.rotationMemory = rotationMemory;
			return this;
		}

		/**
		 * Set how many users' sessions are kept in memory at most.
		 * @param maxActive a positive count; 10,000 by default
		 * @return this builder
		 */
		public Builder maxActive(int maxActive) {
			if (maxActive < 1) {
				throw new IllegalArgumentException("maxActive must be positive");
			}
			this.maxActive = maxActive;
			return this;
		}

		/**
		 * Set where retry backoffs are timed.
		 * @param scheduler the scheduler; {@link Schedulers#parallel()} by default
		 * @return this builder
		 */
		public Builder scheduler(Scheduler scheduler) {
			this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
			return this;
		}

		/**
		 * Set where the users' lifecycle events are published.
		 * @param events the publisher; none by default
		 * @return this builder
		 */
		public Builder eventPublisher(ApplicationEventPublisher events) {
			this.events = Objects.requireNonNull(events, "events must not be null");
			return this;
		}

		/**
		 * Build the provider.
		 * @return the provider
		 */
		public MarketigerReactiveAuthorizedClientProvider build() {
			return new MarketigerReactiveAuthorizedClientProvider(this);
		}

	}

}
