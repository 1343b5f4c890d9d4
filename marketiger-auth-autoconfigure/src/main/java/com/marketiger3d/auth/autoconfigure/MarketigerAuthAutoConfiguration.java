package com.marketiger3d.auth.autoconfigure;

import java.time.Clock;

import com.marketiger3d.auth.api.ApiOrigin;
import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.token.InMemoryTokenStore;
import com.marketiger3d.auth.token.RefreshCoordinator;
import com.marketiger3d.auth.token.RetryPolicy;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenRefreshServiceBuilder;
import com.marketiger3d.auth.token.TokenSessions;
import com.marketiger3d.auth.token.TokenStore;
import com.marketiger3d.auth.token.TokenTiming;
import com.marketiger3d.auth.web.reactive.MarketigerAuthExchangeFilterFunction;
import com.marketiger3d.auth.web.reactive.ReactiveSessionKeyResolver;
import io.micrometer.observation.ObservationRegistry;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Auto-configuration of marketiger-auth: the auth client, the token store, the
 * {@link TokenRefreshService}, the {@code WebClient} filter and a ready {@code WebClient}
 * named {@code marketigerWebClient}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration")
@ConditionalOnClass({ WebClient.class, HttpClient.class })
@ConditionalOnBooleanProperty(name = "marketiger.auth.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MarketigerAuthProperties.class)
public final class MarketigerAuthAutoConfiguration {

	/** Name of the ready {@code WebClient} bean. */
	public static final String WEB_CLIENT_BEAN_NAME = "marketigerWebClient";

	@Bean
	@ConditionalOnMissingBean(MarketigerConnectionDetails.class)
	PropertiesMarketigerConnectionDetails marketigerConnectionDetails(MarketigerAuthProperties properties) {
		return new PropertiesMarketigerConnectionDetails(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	MarketigerAuthClient marketigerAuthClient(MarketigerAuthProperties properties,
			MarketigerConnectionDetails connectionDetails, ObjectProvider<Clock> clock,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		// Not from the application's WebClient.Builder: its customizers (headers,
		// filters, body
		// logging) would see the password and the refresh tokens.
		return MarketigerAuthClient.builder(connectionDetails.getBaseUrl())
			.connectTimeout(properties.getConnectTimeout())
			.responseTimeout(properties.getResponseTimeout())
			.clock(clock.getIfUnique(Clock::systemUTC))
			.observationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP))
			.build();
	}

	@Bean
	@ConditionalOnMissingBean(TokenStore.class)
	InMemoryTokenStore marketigerTokenStore() {
		return new InMemoryTokenStore();
	}

	@Bean
	@ConditionalOnMissingBean
	TokenRefreshService tokenRefreshService(MarketigerAuthClient client, TokenStore store,
			ObjectProvider<RefreshCoordinator> coordinator, MarketigerAuthProperties properties,
			ApplicationEventPublisher events, ObjectProvider<Clock> clock) {
		return template(client, store, coordinator, properties, events, clock)
			.credentials((properties.getEmail() != null && properties.getPassword() != null)
					? new Credentials(properties.getEmail(), properties.getPassword()) : null)
			.initialTokens((properties.getAccessToken() != null)
					? new IssuedTokens(properties.getAccessToken(), properties.getRefreshToken()) : null)
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "marketiger.auth.mode", havingValue = "per-user")
	TokenSessions marketigerTokenSessions(MarketigerAuthClient client, TokenStore store,
			ObjectProvider<RefreshCoordinator> coordinator, MarketigerAuthProperties properties,
			ApplicationEventPublisher events, ObjectProvider<Clock> clock) {
		MarketigerAuthProperties.Sessions sessions = properties.getSessions();
		return new TokenSessions(template(client, store, coordinator, properties, events, clock).settings(),
				sessions.getIdleTimeout(), sessions.getMaxActive(), sessions.isStoreCredentials());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "marketiger.auth.mode", havingValue = "per-user")
	ReactiveSessionKeyResolver marketigerReactiveSessionKeyResolver() {
		return ReactiveSessionKeyResolver.standard();
	}

	@Bean
	@ConditionalOnMissingBean
	MarketigerAuthExchangeFilterFunction marketigerAuthExchangeFilterFunction(
			ObjectProvider<TokenRefreshService> tokens, ObjectProvider<TokenSessions> sessions,
			ObjectProvider<ReactiveSessionKeyResolver> sessionKeys, MarketigerAuthProperties properties,
			MarketigerConnectionDetails connectionDetails, ObjectProvider<ObservationRegistry> observationRegistry) {
		ApiOrigin origin = ApiOrigin.of(connectionDetails.getBaseUrl());
		ObservationRegistry registry = observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP);
		if (properties.getMode() == MarketigerAuthProperties.Mode.PER_USER) {
			return new MarketigerAuthExchangeFilterFunction(sessions.getObject(),
					sessionKeys.getIfUnique(ReactiveSessionKeyResolver::standard), origin, registry);
		}
		return new MarketigerAuthExchangeFilterFunction(tokens.getObject(), origin, registry);
	}

	@Bean(WEB_CLIENT_BEAN_NAME)
	@ConditionalOnMissingBean(name = WEB_CLIENT_BEAN_NAME)
	WebClient marketigerWebClient(ObjectProvider<WebClient.Builder> webClientBuilder,
			MarketigerAuthExchangeFilterFunction filter, MarketigerConnectionDetails connectionDetails) {
		return webClientBuilder.getIfUnique(WebClient::builder)
			.clone()
			.baseUrl(connectionDetails.getBaseUrl().toString())
			.filter(filter)
			.build();
	}

	/**
	 * What the service account's service and every user's session have in common.
	 */
	static TokenRefreshServiceBuilder template(MarketigerAuthClient client, TokenStore store,
			ObjectProvider<RefreshCoordinator> coordinator, MarketigerAuthProperties properties,
			ApplicationEventPublisher events, ObjectProvider<Clock> clock) {
		MarketigerAuthProperties.Retry retry = properties.getRetry();
		return TokenRefreshService.builder(client, store)
			.coordinator(coordinator.getIfUnique(RefreshCoordinator::inProcess))
			.timing(new TokenTiming(properties.getRefreshAhead(), properties.getClockSkew(),
					properties.getRefreshTokenLifetime(), properties.getDefaultAccessTokenLifetime()))
			.retryPolicy(new RetryPolicy(retry.getMaxAttempts(), retry.getInitialBackoff(), retry.getMaxBackoff()))
			.clock(clock.getIfUnique(Clock::systemUTC))
			.eventPublisher(events);
	}

	@Bean
	@ConditionalOnBooleanProperty("marketiger.auth.login-on-startup")
	MarketigerAuthStartupLogin marketigerAuthStartupLogin(TokenRefreshService tokens,
			MarketigerAuthProperties properties) {
		return new MarketigerAuthStartupLogin(tokens, properties);
	}

}
