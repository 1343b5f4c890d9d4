package com.marketiger3d.auth.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.security.oauth2.MarketigerAuthorizedClientProvider;
import com.marketiger3d.auth.security.oauth2.MarketigerLoginAttributes;
import com.marketiger3d.auth.security.oauth2.MarketigerReactiveAuthorizedClientProvider;
import com.marketiger3d.auth.token.RefreshCoordinator;
import com.marketiger3d.auth.token.RetryPolicy;
import com.marketiger3d.auth.token.TokenTiming;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;

/**
 * Auto-configuration of MarkeTiger's Login and RefreshToken as Spring Security OAuth2
 * Client providers, when a registration
 * {@code spring.security.oauth2.client.registration.marketiger} (or the id in
 * {@code marketiger.auth.oauth2-client.registration-id}) is configured: the providers,
 * renewing through the starter's engine with the application's authorized client service
 * as the store and the configured {@link RefreshCoordinator}, and an authorized client
 * manager over that service, reactive or blocking as Spring Boot's OAuth2 Client
 * auto-configuration chose.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MarketigerAuthAutoConfiguration.class, afterName = {
		"org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration",
		"org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientAutoConfiguration" })
@ConditionalOnClass({ ReactiveOAuth2AuthorizedClientProvider.class, OAuth2AuthorizedClientProvider.class })
@ConditionalOnBean(MarketigerAuthClient.class)
@Conditional(MarketigerClientRegistrationCondition.class)
public final class MarketigerAuthOAuth2ClientAutoConfiguration {

	private static final Duration REGISTRATION_LOOKUP_TIMEOUT = Duration.ofSeconds(10);

	@Bean
	@ConditionalOnMissingBean
	MarketigerReactiveAuthorizedClientProvider marketigerReactiveAuthorizedClientProvider(MarketigerAuthClient client,
			MarketigerAuthProperties properties, MarketigerConnectionDetails connectionDetails,
			ObjectProvider<Clock> clock, ObjectProvider<ReactiveClientRegistrationRepository> reactiveRegistrations,
			ObjectProvider<ClientRegistrationRepository> registrations,
			ObjectProvider<ReactiveOAuth2AuthorizedClientService> reactiveAuthorizedClients,
			ObjectProvider<OAuth2AuthorizedClientService> authorizedClients,
			ObjectProvider<RefreshCoordinator> coordinator, ApplicationEventPublisher events) {
		String registrationId = properties.getOauth2Client().getRegistrationId().trim();
		ReactiveClientRegistrationRepository reactive = reactiveRegistrations.getIfUnique();
		if (reactive != null) {
			MarketigerClientRegistrationCheck.check(
					reactive.findByRegistrationId(registrationId).block(REGISTRATION_LOOKUP_TIMEOUT), registrationId,
					connectionDetails.getBaseUrl());
		}
		ClientRegistrationRepository blocking = registrations.getIfUnique();
		if (blocking != null) {
			MarketigerClientRegistrationCheck.check(blocking.findByRegistrationId(registrationId), registrationId,
					connectionDetails.getBaseUrl());
		}
		MarketigerAuthProperties.Retry retry = properties.getRetry();
		MarketigerReactiveAuthorizedClientProvider.Builder builder = MarketigerReactiveAuthorizedClientProvider
			.builder(client);
		// The pairs live where the application's manager keeps its clients.
		ReactiveOAuth2AuthorizedClientService reactiveService = reactiveAuthorizedClients.getIfUnique();
		OAuth2AuthorizedClientService blockingService = authorizedClients.getIfUnique();
		if (reactiveService != null) {
			builder.authorizedClientService(reactiveService);
		}
		else if (blockingService != null) {
			builder.authorizedClientService(blockingService);
		}
		else {
			throw new IllegalStateException("MarkeTiger's OAuth2 Client providers keep the clients of registration '"
					+ registrationId + "' in the application's authorized client service, and there is none:"
					+ " define a ReactiveOAuth2AuthorizedClientService or OAuth2AuthorizedClientService bean");
		}
		return builder.registrationId(registrationId)
			.coordinator(coordinator.getIfUnique(RefreshCoordinator::inProcess))
			.eventPublisher(events)
			.maxActive(properties.getSessions().getMaxActive())
			.timing(new TokenTiming(properties.getRefreshAhead(), properties.getClockSkew(),
					properties.getRefreshTokenLifetime(), properties.getDefaultAccessTokenLifetime()))
			.retryPolicy(new RetryPolicy(retry.getMaxAttempts(), retry.getInitialBackoff(), retry.getMaxBackoff()))
			.clock(clock.getIfUnique(Clock::systemUTC))
			.rotationMemory(properties.getOauth2Client().getRotationMemory())
			.build();
	}

	/**
	 * Reactive applications, and applications without a web server.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean({ ReactiveClientRegistrationRepository.class, ReactiveOAuth2AuthorizedClientService.class })
	static class ReactiveManagerConfiguration {

		@Bean
		@ConditionalOnMissingBean(ReactiveOAuth2AuthorizedClientManager.class)
		AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager marketigerReactiveAuthorizedClientManager(
				ReactiveClientRegistrationRepository registrations,
				ReactiveOAuth2AuthorizedClientService authorizedClients,
				MarketigerReactiveAuthorizedClientProvider provider) {
			AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(
					registrations, authorizedClients);
			manager.setAuthorizedClientProvider(
					provider.combinedWith(ReactiveOAuth2AuthorizedClientProviderBuilder.builder()
						.authorizationCode()
						.refreshToken()
						.clientCredentials()
						.build()));
			manager.setContextAttributesMapper(MarketigerLoginAttributes.reactiveContextAttributesMapper());
			return manager;
		}

	}

	/**
	 * Servlet applications, and applications without a web server.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean({ ClientRegistrationRepository.class, OAuth2AuthorizedClientService.class })
	static class ManagerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MarketigerAuthorizedClientProvider marketigerAuthorizedClientProvider(
				MarketigerReactiveAuthorizedClientProvider delegate, MarketigerAuthProperties properties) {
			return new MarketigerAuthorizedClientProvider(delegate, properties.getBlockingTimeout());
		}

		@Bean
		@ConditionalOnMissingBean(OAuth2AuthorizedClientManager.class)
		AuthorizedClientServiceOAuth2AuthorizedClientManager marketigerAuthorizedClientManager(
				ClientRegistrationRepository registrations, OAuth2AuthorizedClientService authorizedClients,
				MarketigerAuthorizedClientProvider provider) {
			AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
					registrations, authorizedClients);
			manager.setAuthorizedClientProvider(provider.combinedWith(OAuth2AuthorizedClientProviderBuilder.builder()
				.authorizationCode()
				.refreshToken()
				.clientCredentials()
				.build()));
			manager.setContextAttributesMapper(MarketigerLoginAttributes.contextAttributesMapper());
			return manager;
		}

	}

}
