package com.marketiger3d.auth.security.oauth2;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.marketiger3d.auth.token.AccessTokenTimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * The blocking twin of {@link MarketigerReactiveAuthorizedClientProvider}, for
 * {@code OAuth2AuthorizedClientManager}s: Spring MVC, {@code RestClient} with
 * {@code OAuth2ClientHttpRequestInterceptor}, {@code @RegisteredOAuth2AuthorizedClient}
 * in servlet applications.
 * <p>
 * It delegates to a reactive provider and waits for its answer, so both share one engine:
 * a servlet request and a {@code WebClient} call of the same user never refresh the same
 * token twice. A fresh token costs no wait. A caller that has to wait for a login or
 * refresh waits at most the timeout; the call itself is not cancelled, and its pair
 * reaches the authorized client service and the next caller. Then a caller whose access
 * token has not expired gets {@code null}, and its manager keeps the current client, as
 * after a transient failure; any other (a connect, an expired token) gets a
 * {@link ClientAuthorizationException} with {@code temporarily_unavailable} (the stored
 * client is kept) and an {@link AccessTokenTimeoutException} as cause. Other outcomes are
 * the reactive provider's.
 * <p>
 * Threads that must never block (Reactor's event loops and {@code parallel} scheduler)
 * are refused with an {@link IllegalStateException}, every time the registration is
 * MarkeTiger's, so that the mistake shows in the first test.
 * <p>
 * This class is thread-safe.
 *
 * @since 0.1.0
 */
public final class MarketigerAuthorizedClientProvider implements OAuth2AuthorizedClientProvider {

	private static final Log logger = LogFactory.getLog(MarketigerAuthorizedClientProvider.class);

	private final MarketigerReactiveAuthorizedClientProvider delegate;

	private final Duration timeout;

	/**
	 * Create a provider.
	 * @param delegate the reactive provider that does the work
	 * @param timeout the longest a caller waits for a login or refresh; positive
	 */
	public MarketigerAuthorizedClientProvider(MarketigerReactiveAuthorizedClientProvider delegate, Duration timeout) {
		this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
		Objects.requireNonNull(timeout, "timeout must not be null");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive");
		}
		this.timeout = timeout;
	}

	@Override
	public @Nullable OAuth2AuthorizedClient authorize(OAuth2AuthorizationContext context) {
		Objects.requireNonNull(context, "context must not be null");
		if (!this.delegate.supports(context.getClientRegistration())) {
			return null;
		}
		refuseNonBlockingThread();
		CompletableFuture<@Nullable OAuth2AuthorizedClient> future = this.delegate.authorize(context).toFuture();
		try {
			return future.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			// Only this caller gives up: the login or refresh goes on for the others.
			future.cancel(false);
			if (this.delegate.mayKeepCurrentClient(context)) {
				logger.warn("MarkeTiger token refresh for principal '" + context.getPrincipal().getName()
						+ "' did not answer within " + this.timeout.toMillis() + " ms; the current access token,"
						+ " still valid, is used meanwhile. If calls are this slow, raise"
						+ " marketiger.auth.blocking-timeout");
				return null;
			}
			throw unavailable(
					"MarkeTiger auth did not answer within " + this.timeout.toMillis() + " ms; the call"
							+ " goes on and a later request may succeed. If calls are this slow, raise"
							+ " marketiger.auth.blocking-timeout",
					new AccessTokenTimeoutException(
							"No MarkeTiger authorized client within " + this.timeout.toMillis() + " ms", this.timeout));
		}
		catch (InterruptedException ex) {
			future.cancel(false);
			Thread.currentThread().interrupt();
			throw unavailable("Interrupted while waiting for MarkeTiger auth", ex);
		}
		catch (ExecutionException ex) {
			// a CompletableFuture's ExecutionException always carries the failure
			throw rethrow(Objects.requireNonNull(ex.getCause()));
		}
	}

	/**
	 * Return a provider that lets this one alone decide for its registration, and
	 * {@code otherRegistrations} for every other. Spring Security's own providers must
	 * not see a MarkeTiger client: its refresh-token provider would send the refresh
	 * token to the registration's token URI in a request MarkeTiger does not know.
	 * @param otherRegistrations the providers of the other registrations
	 * @return the combined provider
	 */
	public OAuth2AuthorizedClientProvider combinedWith(OAuth2AuthorizedClientProvider otherRegistrations) {
		Objects.requireNonNull(otherRegistrations, "otherRegistrations must not be null");
		return (context) -> this.delegate.supports(context.getClientRegistration()) ? authorize(context)
				: otherRegistrations.authorize(context);
	}

	/**
	 * Return the longest a caller waits for a login or refresh.
	 * @return the timeout
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

	private ClientAuthorizationException unavailable(String description, Throwable cause) {
		return new ClientAuthorizationException(
				new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE, description, null),
				this.delegate.getRegistrationId(), cause);
	}

	private static void refuseNonBlockingThread() {
		if (Schedulers.isInNonBlockingThread()) {
			throw new IllegalStateException(
					"A MarkeTiger authorized client was requested with blocking code on thread '"
							+ Thread.currentThread().getName() + "', which must not block (a Reactor event loop or"
							+ " non-blocking scheduler): use a ReactiveOAuth2AuthorizedClientManager with"
							+ " MarketigerReactiveAuthorizedClientProvider in reactive code, or call the blocking code on"
							+ " Schedulers.boundedElastic()");
		}
	}

	private static RuntimeException rethrow(Throwable failure) {
		if (failure instanceof RuntimeException runtime) {
			return runtime;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		return new IllegalStateException("MarkeTiger authorization failed: " + failure.getMessage(), failure);
	}

	@Override
	public String toString() {
		return "MarketigerAuthorizedClientProvider[registrationId=" + this.delegate.getRegistrationId() + ", timeout="
				+ this.timeout + "]";
	}

}
