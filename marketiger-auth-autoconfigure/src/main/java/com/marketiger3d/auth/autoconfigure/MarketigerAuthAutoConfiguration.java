package com.marketiger3d.auth.autoconfigure;

import java.time.Clock;

import com.marketiger3d.auth.api.ApiOrigin;
import com.marketiger3d.auth.api.LoginObservationConvention;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.api.RefreshObservationConvention;
import com.marketiger3d.auth.api.ReplayObservationConvention;
import com.marketiger3d.auth.token.InMemoryTokenStore;
import com.marketiger3d.auth.token.RefreshCoordinator;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenSessions;
import com.marketiger3d.auth.token.TokenStore;
import com.marketiger3d.auth.web.reactive.MarketigerAuthExchangeFilterFunction;
import com.marketiger3d.auth.web.reactive.MarketigerAuthWebClientHttpServiceGroupConfigurer;
import com.marketiger3d.auth.web.reactive.ReactiveSessionKeyResolver;
import com.marketiger3d.auth.web.reactive.ReactiveSessionResolver;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientsProperties;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer;

/**
 * Auto-configuration of marketiger-auth: the auth client, the token store, the
 * {@link TokenRefreshService}, the {@code WebClient} filter and a ready {@code WebClient}
 * named {@code marketigerWebClient}; with {@code marketiger.auth.mode=per-user}, the
 * users' {@link TokenSessions} too.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
		beforeName = "org.springframework.boot.webclient.autoconfigure.service.ReactiveHttpServiceClientAutoConfiguration")
@ConditionalOnClass({ WebClient.class, ClientHttpConnectorBuilder.class })
@ConditionalOnBooleanProperty(name = "marketiger.auth.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MarketigerAuthProperties.class)
public final class MarketigerAuthAutoConfiguration {

	/** Name of the ready {@code WebClient} bean. */
	public static final String WEB_CLIENT_BEAN_NAME = "marketigerWebClient";

	MarketigerAuthAutoConfiguration(MarketigerAuthProperties properties) {
		MarketigerAuthPropertiesValidator.validate(properties);
	}

	@Bean
	@ConditionalOnMissingBean(MarketigerConnectionDetails.class)
	PropertiesMarketigerConnectionDetails marketigerConnectionDetails(MarketigerAuthProperties properties) {
		return new PropertiesMarketigerConnectionDetails(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	MarketigerAuthClient marketigerAuthClient(MarketigerAuthProperties properties,
			MarketigerConnectionDetails connectionDetails, ObjectProvider<Clock> clock,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<LoginObservationConvention> loginConvention,
			ObjectProvider<RefreshObservationConvention> refreshConvention, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<HttpClientSettings> httpClientSettings,
			ObjectProvider<ReactiveHttpClientsProperties> reactiveHttpClients, ResourceLoader resourceLoader) {
		// Not from the application's WebClient.Builder: its customizers
		// (headers, filters, body logging) would see the password and the
		// refresh tokens.
		HttpClientSettings settings = new MarketigerAuthPropertiesMapper(properties)
			.httpClientSettings(sslBundles.getIfAvailable(), httpClientSettings.getIfAvailable());
		ReactiveHttpClientsProperties reactive = reactiveHttpClients.getIfAvailable();
		return MarketigerAuthClient.builder(connectionDetails.getBaseUrl())
			.clientConnector(AuthClientConnectorFactory.create(settings,
					(reactive != null) ? reactive.getConnector() : null, resourceLoader.getClassLoader()))
			.connectTimeout(properties.getConnectTimeout())
			.responseTimeout(properties.getResponseTimeout())
			.clock(clock.getIfUnique(Clock::systemUTC))
			.observationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP))
			.loginObservationConvention(loginConvention.getIfUnique())
			.refreshObservationConvention(refreshConvention.getIfUnique())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean(TokenStore.class)
	InMemoryTokenStore marketigerTokenStore() {
		return new InMemoryTokenStore();
	}

	// In both modes: per user, it is the service account's session that the health
	// indicator, the metrics and BlockingTokenAccess report on, even if it has no tokens.
	@Bean
	@ConditionalOnMissingBean
	TokenRefreshService tokenRefreshService(MarketigerAuthClient client, TokenStore store,
			ObjectProvider<RefreshCoordinator> coordinator, MarketigerAuthProperties properties,
			ApplicationEventPublisher events, ObjectProvider<Clock> clock) {
		return new MarketigerAuthPropertiesMapper(properties).serviceAccount(client, store,
				coordinator.getIfUnique(RefreshCoordinator::inProcess), clock.getIfUnique(Clock::systemUTC), events);
	}

	@Bean
	@ConditionalOnMissingBean
	MarketigerAuthExchangeFilterFunction marketigerAuthExchangeFilterFunction(ReactiveSessionResolver sessions,
			MarketigerConnectionDetails connectionDetails, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ReplayObservationConvention> replayConvention) {
		return new MarketigerAuthExchangeFilterFunction(sessions, ApiOrigin.of(connectionDetails.getBaseUrl()),
				observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP), replayConvention.getIfUnique());
	}

	// Lazy: made when the application first asks for it, not at every start (Boot's
	// WebClient.Builder and its connector cost tens of milliseconds).
	@Bean(name = WEB_CLIENT_BEAN_NAME, defaultCandidate = false)
	@Lazy
	@ConditionalOnMissingBean(name = WEB_CLIENT_BEAN_NAME)
	WebClient marketigerWebClient(ObjectProvider<WebClient.Builder> webClientBuilder,
			MarketigerAuthExchangeFilterFunction filter, MarketigerConnectionDetails connectionDetails) {
		return webClientBuilder.getIfUnique(WebClient::builder)
			.clone()
			.baseUrl(connectionDetails.getBaseUrl().toString())
			.filter(filter)
			.build();
	}

	@Bean
	@ConditionalOnBooleanProperty("marketiger.auth.login-on-startup")
	MarketigerAuthStartupLogin marketigerAuthStartupLogin(TokenRefreshService tokens,
			MarketigerAuthProperties properties) {
		return new MarketigerAuthStartupLogin(tokens, properties);
	}

	/**
	 * The application's reactive HTTP service group of the API gets the base URL and the
	 * token.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebClientHttpServiceGroupConfigurer.class)
	static class HttpServiceGroupConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MarketigerAuthWebClientHttpServiceGroupConfigurer marketigerAuthWebClientHttpServiceGroupConfigurer(
				MarketigerAuthProperties properties, MarketigerConnectionDetails connectionDetails,
				MarketigerAuthExchangeFilterFunction filter) {
			return new MarketigerAuthWebClientHttpServiceGroupConfigurer(properties.getHttpServiceGroup(),
					connectionDetails.getBaseUrl(), filter);
		}

	}

	/**
	 * Every {@code WebClient} request carries the service account's token.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(MarketigerAuthModeCondition.ServiceAccount.class)
	static class ServiceAccountConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ReactiveSessionResolver marketigerReactiveSessionResolver(TokenRefreshService tokens) {
			return ReactiveSessionResolver.serviceAccount(tokens);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = "marketiger.auth.keep-alive", matchIfMissing = true)
		MarketigerAuthKeepAliveLifecycle marketigerAuthKeepAlive(TokenRefreshService tokens) {
			return new MarketigerAuthKeepAliveLifecycle(tokens);
		}

	}

	/**
	 * Each {@code WebClient} request carries the token of its user's session.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(MarketigerAuthModeCondition.PerUser.class)
	static class PerUserConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TokenSessions marketigerTokenSessions(MarketigerAuthClient client, TokenStore store,
				ObjectProvider<RefreshCoordinator> coordinator, MarketigerAuthProperties properties,
				ApplicationEventPublisher events, ObjectProvider<Clock> clock) {
			MarketigerAuthProperties.Sessions sessions = properties.getSessions();
			return new TokenSessions(
					new MarketigerAuthPropertiesMapper(properties).settings(client, store,
							coordinator.getIfUnique(RefreshCoordinator::inProcess), clock.getIfUnique(Clock::systemUTC),
							events),
					sessions.getIdleTimeout(), sessions.getMaxActive(), sessions.isStoreCredentials(),
					sessions.isKeepAlive());
		}

		@Bean
		@ConditionalOnMissingBean
		ReactiveSessionKeyResolver marketigerReactiveSessionKeyResolver() {
			return ReactiveSessionKeyResolver.standard();
		}

		@Bean
		@ConditionalOnMissingBean
		ReactiveSessionResolver marketigerReactiveSessionResolver(TokenSessions sessions,
				ObjectProvider<ReactiveSessionKeyResolver> sessionKeys) {
			return ReactiveSessionResolver.perUser(sessions,
					sessionKeys.getIfUnique(ReactiveSessionKeyResolver::standard));
		}

	}

}
