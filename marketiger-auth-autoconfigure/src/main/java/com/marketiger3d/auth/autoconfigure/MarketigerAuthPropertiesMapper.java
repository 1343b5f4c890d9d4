package com.marketiger3d.auth.autoconfigure;

import java.time.Clock;

import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.token.RefreshCoordinator;
import com.marketiger3d.auth.token.RetryPolicy;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenRefreshServiceBuilder;
import com.marketiger3d.auth.token.TokenServiceSettings;
import com.marketiger3d.auth.token.TokenStore;
import com.marketiger3d.auth.token.TokenTiming;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.StringUtils;

/**
 * Maps {@link MarketigerAuthProperties} to the objects of the token engine, for every
 * auto-configuration that needs them, as Spring Boot's
 * {@code HttpClientSettingsPropertyMapper} does for HTTP client settings.
 */
final class MarketigerAuthPropertiesMapper {

	private final MarketigerAuthProperties properties;

	MarketigerAuthPropertiesMapper(MarketigerAuthProperties properties) {
		this.properties = properties;
	}

	/**
	 * Return when a pair is fresh, stale or expired.
	 * @return the timing
	 */
	TokenTiming timing() {
		return new TokenTiming(this.properties.getRefreshAhead(), this.properties.getClockSkew(),
				this.properties.getRefreshTokenLifetime(), this.properties.getDefaultAccessTokenLifetime(),
				this.properties.getRejectedTokenMinAge());
	}

	/**
	 * Return how transient failures of an auth call are retried.
	 * @return the retry policy
	 */
	RetryPolicy retryPolicy() {
		MarketigerAuthProperties.Retry retry = this.properties.getRetry();
		return new RetryPolicy(retry.getMaxAttempts(), retry.getInitialBackoff(), retry.getMaxBackoff(),
				retry.getMaxLoginBackoff(), retry.getMaxRetryAfter());
	}

	/**
	 * Return the service account's credentials.
	 * @return the credentials, or {@code null} when none are configured
	 */
	@Nullable Credentials credentials() {
		String email = this.properties.getEmail();
		String password = this.properties.getPassword();
		return (email != null && password != null) ? new Credentials(email, password) : null;
	}

	/**
	 * Return the service account's initial tokens.
	 * @return the tokens, or {@code null} when no access token is configured
	 */
	@Nullable IssuedTokens initialTokens() {
		String accessToken = this.properties.getAccessToken();
		return (accessToken != null) ? new IssuedTokens(accessToken, this.properties.getRefreshToken()) : null;
	}

	/**
	 * Return what the service account's service and every user's session share.
	 * @param client sends Login and RefreshToken
	 * @param store where the pairs live
	 * @param coordinator who may renew when several processes share the store
	 * @param clock the clock tokens are judged by
	 * @param events where lifecycle events go
	 * @return the settings
	 */
	TokenServiceSettings settings(MarketigerAuthClient client, TokenStore store, RefreshCoordinator coordinator,
			Clock clock, ApplicationEventPublisher events) {
		return builder(client, store, coordinator, clock, events).settings();
	}

	/**
	 * Return the service account's {@link TokenRefreshService}.
	 * @param client sends Login and RefreshToken
	 * @param store where the pairs live
	 * @param coordinator who may renew when several processes share the store
	 * @param clock the clock tokens are judged by
	 * @param events where lifecycle events go
	 * @return the service
	 */
	TokenRefreshService serviceAccount(MarketigerAuthClient client, TokenStore store, RefreshCoordinator coordinator,
			Clock clock, ApplicationEventPublisher events) {
		return builder(client, store, coordinator, clock, events).credentials(credentials())
			.initialTokens(initialTokens())
			.build();
	}

	/**
	 * Return the HTTP client settings of the Login and RefreshToken calls: our timeouts,
	 * no redirects (a redirected call would carry the password or the refresh token to
	 * wherever the answer points), and the SSL bundle of
	 * {@code marketiger.auth.ssl.bundle} or else the application's.
	 * @param sslBundles the application's SSL bundles, if any
	 * @param applicationSettings the application's settings
	 * ({@code spring.http.clients.*}), if any: only their SSL bundle is used
	 * @return the settings
	 * @throws InvalidMarketigerAuthPropertyException when the named bundle does not exist
	 */
	HttpClientSettings httpClientSettings(@Nullable SslBundles sslBundles,
			@Nullable HttpClientSettings applicationSettings) {
		HttpClientSettings settings = new HttpClientSettings(HttpRedirects.DONT_FOLLOW,
				this.properties.getConnectTimeout(), this.properties.getResponseTimeout(), sslBundle(sslBundles));
		return settings.orElse(applicationSettings);
	}

	private @Nullable SslBundle sslBundle(@Nullable SslBundles sslBundles) {
		String name = this.properties.getSsl().getBundle();
		if (name == null) {
			return null;
		}
		String property = "marketiger.auth.ssl.bundle";
		if (!StringUtils.hasText(name)) {
			throw new InvalidMarketigerAuthPropertyException(property, "must not be blank");
		}
		if (sslBundles == null) {
			throw new InvalidMarketigerAuthPropertyException(property,
					"names an SSL bundle, but the application has no SSL bundles (spring.ssl.bundle.*)");
		}
		try {
			return sslBundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidMarketigerAuthPropertyException(property,
					"names " + name + ", which no spring.ssl.bundle.jks.* or spring.ssl.bundle.pem.* configures");
		}
	}

	private TokenRefreshServiceBuilder builder(MarketigerAuthClient client, TokenStore store,
			RefreshCoordinator coordinator, Clock clock, ApplicationEventPublisher events) {
		return TokenRefreshService.builder(client, store)
			.coordinator(coordinator)
			.timing(timing())
			.retryPolicy(retryPolicy())
			.clock(clock)
			.eventPublisher(events);
	}

}
