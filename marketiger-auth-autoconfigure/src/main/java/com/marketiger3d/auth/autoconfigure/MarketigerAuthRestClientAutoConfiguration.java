package com.marketiger3d.auth.autoconfigure;

import com.marketiger3d.auth.api.ApiOrigin;
import com.marketiger3d.auth.api.ReplayObservationConvention;
import com.marketiger3d.auth.token.BlockingTokenAccess;
import com.marketiger3d.auth.token.TokenSessions;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.web.servlet.MarketigerAuthClientHttpRequestInterceptor;
import com.marketiger3d.auth.web.servlet.MarketigerAuthRestClientHttpServiceGroupConfigurer;
import com.marketiger3d.auth.web.servlet.SessionKeyResolver;
import com.marketiger3d.auth.web.servlet.SessionResolver;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

/**
 * Auto-configuration of marketiger-auth for blocking HTTP clients: the
 * {@link BlockingTokenAccess}, the {@code RestClient}/{@code RestTemplate} interceptor
 * and a ready {@code RestClient} named {@code marketigerRestClient}, whose requests carry
 * the service account's token, or with {@code marketiger.auth.mode=per-user} the token of
 * the request's user.
 * <p>
 * Present in servlet applications and applications without a web server, when
 * {@code RestClient} is on the class path; a reactive web application gets none of it, as
 * it gets no {@code RestClient.Builder} from Spring Boot. No application
 * {@code RestTemplate} or {@code RestClient} is customized: the token only goes where the
 * application puts the interceptor.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MarketigerAuthAutoConfiguration.class,
		afterName = "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
		beforeName = "org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration")
@ConditionalOnClass(RestClient.class)
@ConditionalOnBooleanProperty(name = "marketiger.auth.enabled", matchIfMissing = true)
@Conditional(NotReactiveWebApplicationCondition.class)
@ConditionalOnBean(TokenRefreshService.class)
@EnableConfigurationProperties(MarketigerAuthProperties.class)
public final class MarketigerAuthRestClientAutoConfiguration {

	/** Name of the ready {@code RestClient} bean. */
	public static final String REST_CLIENT_BEAN_NAME = "marketigerRestClient";

	MarketigerAuthRestClientAutoConfiguration(MarketigerAuthProperties properties) {
		MarketigerAuthPropertiesValidator.validate(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	BlockingTokenAccess marketigerBlockingTokenAccess(TokenRefreshService tokens, MarketigerAuthProperties properties) {
		return new BlockingTokenAccess(tokens, properties.getBlockingTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	MarketigerAuthClientHttpRequestInterceptor marketigerAuthClientHttpRequestInterceptor(SessionResolver sessions,
			MarketigerConnectionDetails connectionDetails, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ReplayObservationConvention> replayConvention) {
		return new MarketigerAuthClientHttpRequestInterceptor(sessions, ApiOrigin.of(connectionDetails.getBaseUrl()),
				observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP), replayConvention.getIfUnique());
	}

	// Lazy: made when the application first asks for it, not at every start.
	@Bean(name = REST_CLIENT_BEAN_NAME, defaultCandidate = false)
	@Lazy
	@ConditionalOnMissingBean(name = REST_CLIENT_BEAN_NAME)
	RestClient marketigerRestClient(ObjectProvider<RestClient.Builder> restClientBuilder,
			MarketigerAuthClientHttpRequestInterceptor interceptor, MarketigerConnectionDetails connectionDetails) {
		return restClientBuilder.getIfUnique(RestClient::builder)
			.clone()
			.baseUrl(connectionDetails.getBaseUrl().toString())
			.requestInterceptor(interceptor)
			.build();
	}

	/**
	 * The application's HTTP service group of the API gets the base URL and the token.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientHttpServiceGroupConfigurer.class)
	static class HttpServiceGroupConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MarketigerAuthRestClientHttpServiceGroupConfigurer marketigerAuthRestClientHttpServiceGroupConfigurer(
				MarketigerAuthProperties properties, MarketigerConnectionDetails connectionDetails,
				MarketigerAuthClientHttpRequestInterceptor interceptor) {
			return new MarketigerAuthRestClientHttpServiceGroupConfigurer(properties.getHttpServiceGroup(),
					connectionDetails.getBaseUrl(), interceptor);
		}

	}

	/**
	 * Every blocking request carries the service account's token.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(MarketigerAuthModeCondition.ServiceAccount.class)
	static class ServiceAccountConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SessionResolver marketigerSessionResolver(BlockingTokenAccess tokens) {
			return SessionResolver.serviceAccount(tokens);
		}

	}

	/**
	 * Each blocking request carries the token of its user's session.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(MarketigerAuthModeCondition.PerUser.class)
	static class PerUserConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SessionKeyResolver marketigerSessionKeyResolver() {
			return SessionKeyResolver.standard();
		}

		@Bean
		@ConditionalOnMissingBean
		SessionResolver marketigerSessionResolver(TokenSessions sessions,
				ObjectProvider<SessionKeyResolver> sessionKeys, MarketigerAuthProperties properties) {
			return SessionResolver.perUser(sessions, sessionKeys.getIfUnique(SessionKeyResolver::standard),
					properties.getBlockingTimeout());
		}

	}

}
