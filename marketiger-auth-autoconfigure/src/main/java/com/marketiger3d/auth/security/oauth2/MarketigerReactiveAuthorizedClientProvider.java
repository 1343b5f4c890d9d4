package com.marketiger3d.auth.security.oauth2;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.InvalidCredentialsException;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MalformedAuthResponseException;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.api.MarketigerAuthException;
import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import com.marketiger3d.auth.api.RefreshTokenRejectedException;
import com.marketiger3d.auth.api.TokenFingerprint;
import com.marketiger3d.auth.api.TransientAuthFailureException;
import com.marketiger3d.auth.token.RetryPolicy;
import com.marketiger3d.auth.token.TokenPair;
import com.marketiger3d.auth.token.TokenTiming;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

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
 * {@link TokenTiming#refreshAt} says), it refreshes. At most one refresh or login runs
 * per registration and user; callers with the same refresh token share it. A caller
 * holding an older copy of the client, whose refresh token this process already rotated,
 * gets the newer client without a call: a refresh token is never sent after it was
 * answered. The user of a refresh is the client's {@code principalName}, whoever the
 * request's principal is (Spring Security's filter function uses {@code anonymousUser}
 * for a client passed without a security context), so a caller only ever gets a client of
 * the user whose client it passed.</li>
 * </ul>
 * The access token's {@code expiresAt} is the JWT's {@code exp}, on the local clock when
 * the token also has {@code iat} (see {@link TokenTiming#issued}); its {@code issuedAt}
 * is when the answer arrived. The refresh token expires {@code refresh-token-lifetime}
 * after it was issued.
 * <p>
 * Failures are {@link ClientAuthorizationException}s, with the MarkeTiger exception as
 * cause:
 * <ul>
 * <li>{@code invalid_grant} (Spring Security's failure handlers then remove the stored
 * client, and the user must connect again): RefreshToken rejected the refresh token,
 * Login rejected the credentials, or an expired client has no usable refresh token;</li>
 * <li>{@code temporarily_unavailable} (the client is kept): a transient failure (IO,
 * timeout, 5xx, 429) once retries ran out, or a call refused while the calls pause after
 * one;</li>
 * <li>{@code server_error} (the client is kept): an answer that is not the documented
 * envelope.</li>
 * </ul>
 * While the access token has not expired, a refresh that failed transiently (or could not
 * be sent for want of a usable refresh token) is not an error: the provider returns empty
 * and the current token keeps being used. No token, refresh token or password appears in
 * a message or a log line; tokens are named by their fingerprints.
 * <p>
 * What this provider remembers is this process's: instances that share a JDBC or R2DBC
 * authorized client service each have their own single flight.
 * <p>
 * This class is thread-safe.
 *
 * @since 0.2.0
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

	private static final Log logger = LogFactory.getLog(MarketigerReactiveAuthorizedClientProvider.class);

	private final MarketigerAuthClient client;

	private final String registrationId;

	private final TokenTiming timing;

	private final Clock clock;

	private final Retry retry;

	private final AuthorizedClientFlights flights;

	private MarketigerReactiveAuthorizedClientProvider(Builder builder) {
		this.client = builder.client;
		this.registrationId = builder.registrationId;
		this.timing = builder.timing;
		this.clock = builder.clock;
		RetryPolicy retryPolicy = builder.retryPolicy;
		this.retry = retryPolicy.toRetry(builder.scheduler,
				(signal) -> logger.warn("MarkeTiger auth call failed (" + signal.failure().getMessage() + "); retry "
						+ (signal.totalRetries() + 1) + " of " + (retryPolicy.maxAttempts() - 1)));
		this.flights = new AuthorizedClientFlights(builder.clock, builder.rotationMemory, retryPolicy.initialBackoff(),
				builder.timing.refreshTokenLifetime());
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
	 * Whether this provider acts for a registration.
	 * @param registration a client registration
	 * @return {@code true} for the registration with this provider's id
	 */
	public boolean supports(ClientRegistration registration) {
		return this.registrationId.equals(registration.getRegistrationId());
	}

	/**
	 * The id of the registration this provider acts for.
	 * @return the registration id
	 */
	public String getRegistrationId() {
		return this.registrationId;
	}

	@Override
	public Mono<OAuth2AuthorizedClient> authorize(OAuth2AuthorizationContext context) {
		Objects.requireNonNull(context, "context must not be null");
		return renew(context).doOnNext((client) -> delivered(context, client));
	}

	/**
	 * {@link #authorize} without noting that the caller received the client: for a caller
	 * that may give up before it has it.
	 * @param context the context
	 * @return the client to use, empty to keep the current one or for "not supported"
	 */
	Mono<OAuth2AuthorizedClient> renew(OAuth2AuthorizationContext context) {
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
		OAuth2AuthorizedClient held = context.getAuthorizedClient();
		if (credentials != null) {
			return connect(context, held, credentials);
		}
		if (held == null || !isDue(held, this.clock.millis())) {
			return Mono.empty();
		}
		return this.flights.refresh(held, (client) -> isDue(client, this.clock.millis()), this::refresh)
			.onErrorResume((failure) -> afterFailedRefresh(held, failure));
	}

	/**
	 * Whether a caller that cannot wait for {@link #renew} may go on with the client it
	 * has, as after a transient failure: it asked for no connect, and its access token
	 * has not expired.
	 * @param context the context
	 * @return whether the current client may be kept
	 */
	boolean mayKeepCurrentClient(OAuth2AuthorizationContext context) {
		OAuth2AuthorizedClient held = context.getAuthorizedClient();
		return held != null && MarketigerLoginAttributes.credentials(context) == null
				&& !isExpired(held, this.clock.millis());
	}

	/**
	 * Note that the request of {@code context} received {@code client}: its manager saves
	 * it, and the lineage need not keep it beyond the rotation memory.
	 * @param context the context
	 * @param client the client the request received
	 */
	void delivered(OAuth2AuthorizationContext context, OAuth2AuthorizedClient client) {
		this.flights.delivered(context.getPrincipal().getName(), client);
	}

	/**
	 * A provider that lets this one alone decide for its registration, and
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

	private Mono<OAuth2AuthorizedClient> connect(OAuth2AuthorizationContext context,
			@Nullable OAuth2AuthorizedClient held, Credentials credentials) {
		if (context.getPrincipal() instanceof AnonymousAuthenticationToken) {
			return Mono.error(new IllegalStateException("A MarkeTiger account is connected per user, and an anonymous"
					+ " principal names no one (every anonymous visitor shares its name): sign the user in first"));
		}
		ClientRegistration registration = context.getClientRegistration();
		String principalName = context.getPrincipal().getName();
		return this.flights
			.login(key(context), held,
					() -> this.client.login(credentials)
						.retryWhen(this.retry)
						.map((issued) -> authorizedClient(registration, principalName, issued))
						.doOnNext((client) -> announce("login", client))
						.doOnError(
								(ex) -> logger.warn("MarkeTiger login for principal '" + principalName + "' failed: "
										+ ((ex instanceof InvalidCredentialsException)
												? "the e-mail and password were rejected" : ex.getMessage()))))
			.onErrorMap((failure) -> translate(failure));
	}

	private Mono<OAuth2AuthorizedClient> refresh(OAuth2AuthorizedClient base) {
		OAuth2RefreshToken refreshToken = base.getRefreshToken();
		String principalName = base.getPrincipalName();
		if (refreshToken == null) {
			return Mono.error(new ReauthenticationRequiredException("The MarkeTiger client of principal '"
					+ principalName + "' has no refresh token; the user must connect the account again"));
		}
		if (!isUsable(refreshToken, this.clock.millis())) {
			return Mono.error(new ReauthenticationRequiredException("The MarkeTiger refresh token of principal '"
					+ principalName + "' (" + TokenFingerprint.of(refreshToken.getTokenValue())
					+ ") is past its lifetime; the user must connect the account again"));
		}
		return this.client.refresh(base.getAccessToken().getTokenValue(), refreshToken.getTokenValue())
			.retryWhen(this.retry)
			.map((issued) -> authorizedClient(base.getClientRegistration(), principalName, issued))
			.doOnNext((client) -> announce("token refresh", client))
			.doOnError((ex) -> logger
				.warn("MarkeTiger token refresh for principal '" + principalName + "' failed: " + ex.getMessage()));
	}

	/**
	 * While the held access token has not expired, a refresh that could not happen now is
	 * no reason to fail the caller: the current token is used until it expires.
	 */
	private Mono<OAuth2AuthorizedClient> afterFailedRefresh(OAuth2AuthorizedClient held, Throwable failure) {
		boolean retryLater = failure instanceof TransientAuthFailureException
				|| failure instanceof MalformedAuthResponseException
				|| failure instanceof ReauthenticationRequiredException;
		if (retryLater && !isExpired(held, this.clock.millis())) {
			return Mono.empty();
		}
		return Mono.error(translate(failure));
	}

	private Throwable translate(Throwable failure) {
		if (!(failure instanceof MarketigerAuthException)) {
			return failure;
		}
		String code;
		String description;
		if (failure instanceof RefreshTokenRejectedException) {
			code = OAuth2ErrorCodes.INVALID_GRANT;
			description = "MarkeTiger rejected the refresh token: the user must connect the MarkeTiger account again";
		}
		else if (failure instanceof ReauthenticationRequiredException) {
			code = OAuth2ErrorCodes.INVALID_GRANT;
			description = "The MarkeTiger access token expired and cannot be refreshed: the user must connect the"
					+ " MarkeTiger account again";
		}
		else if (failure instanceof InvalidCredentialsException) {
			code = OAuth2ErrorCodes.INVALID_GRANT;
			description = "MarkeTiger Login rejected the e-mail and password";
		}
		else if (failure instanceof TransientAuthFailureException) {
			code = OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE;
			description = "MarkeTiger auth is unavailable for now (" + failure.getMessage() + "); try again later";
		}
		else {
			code = OAuth2ErrorCodes.SERVER_ERROR;
			description = "MarkeTiger auth answered unexpectedly (" + failure.getMessage() + ")";
		}
		return new ClientAuthorizationException(new OAuth2Error(code, description, null), this.registrationId, failure);
	}

	private OAuth2AuthorizedClient authorizedClient(ClientRegistration registration, String principalName,
			IssuedTokens issued) {
		TokenPair pair = this.timing.issued(issued, this.clock.instant());
		Instant expiresAt = pair.accessTokenExpiresAt();
		// Spring Security refuses an issuedAt that is not before expiresAt: a token that
		// arrives expired (its 'exp' already past on this clock) keeps no issuedAt, and
		// is due at once.
		Instant issuedAt = expiresAt.isAfter(pair.obtainedAt()) ? pair.obtainedAt() : null;
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, pair.accessToken(),
				issuedAt, expiresAt);
		OAuth2RefreshToken refreshToken = (pair.refreshToken() != null)
				? new OAuth2RefreshToken(pair.refreshToken(), pair.obtainedAt(), pair.refreshTokenExpiresAt()) : null;
		return new OAuth2AuthorizedClient(registration, principalName, accessToken, refreshToken);
	}

	private void announce(String what, OAuth2AuthorizedClient client) {
		OAuth2RefreshToken refreshToken = client.getRefreshToken();
		logger.info("MarkeTiger " + what + " for principal '" + client.getPrincipalName() + "': access token "
				+ TokenFingerprint.of(client.getAccessToken().getTokenValue()) + " valid until "
				+ client.getAccessToken().getExpiresAt() + ", refresh token "
				+ TokenFingerprint.of((refreshToken != null) ? refreshToken.getTokenValue() : null));
	}

	private AuthorizedClientFlights.Key key(OAuth2AuthorizationContext context) {
		return new AuthorizedClientFlights.Key(this.registrationId, context.getPrincipal().getName());
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

	/**
	 * A refresh token is sent only while it is younger than its lifetime minus the skew;
	 * a store that kept no expiry (Spring Security's JDBC service) gives its issue
	 * instant, and one that kept neither leaves the decision to the server.
	 */
	private boolean isUsable(OAuth2RefreshToken refreshToken, long now) {
		Instant expiresAt = refreshToken.getExpiresAt();
		if (expiresAt == null && refreshToken.getIssuedAt() != null) {
			expiresAt = refreshToken.getIssuedAt().plus(this.timing.refreshTokenLifetime());
		}
		return expiresAt == null || now < expiresAt.minus(this.timing.clockSkew()).toEpochMilli();
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

		private TokenTiming timing = TokenTiming.defaults();

		private RetryPolicy retryPolicy = RetryPolicy.defaults();

		private Clock clock = Clock.systemUTC();

		private Duration rotationMemory = Duration.ofMinutes(10);

		private Scheduler scheduler = Schedulers.parallel();

		private Builder(MarketigerAuthClient client) {
			this.client = Objects.requireNonNull(client, "client must not be null");
		}

		/**
		 * The registration to act for.
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
		 * When tokens are due, expired, and how long refresh tokens live.
		 * @param timing the timing; {@link TokenTiming#defaults()} by default
		 * @return this builder
		 */
		public Builder timing(TokenTiming timing) {
			this.timing = Objects.requireNonNull(timing, "timing must not be null");
			return this;
		}

		/**
		 * How transient failures of a call are retried; after the last one, calls for
		 * that principal pause for the server's {@code Retry-After}, else the initial
		 * backoff.
		 * @param retryPolicy the policy; {@link RetryPolicy#defaults()} by default
		 * @return this builder
		 */
		public Builder retryPolicy(RetryPolicy retryPolicy) {
			this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
			return this;
		}

		/**
		 * The clock tokens are judged by.
		 * @param clock the clock; the system clock by default
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock must not be null");
			return this;
		}

		/**
		 * How long what the provider knows of a principal's clients (the newest one, the
		 * refresh tokens it superseded, a pause) is kept after its last use. A newest
		 * client that no request of the principal received (every caller gave up) is kept
		 * for the {@link TokenTiming#refreshTokenLifetime() refresh-token lifetime}
		 * instead, so that the stale copy in the application's service heals rather than
		 * sending a spent refresh token.
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
		 * Where retry backoffs are timed.
		 * @param scheduler the scheduler; {@link Schedulers#parallel()} by default
		 * @return this builder
		 */
		public Builder scheduler(Scheduler scheduler) {
			this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
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
