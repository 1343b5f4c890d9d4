package com.marketiger3d.auth.autoconfigure;

import com.marketiger3d.auth.api.ApiOrigin;
import com.marketiger3d.auth.token.BlockingTokenAccess;
import com.marketiger3d.auth.token.TokenSessions;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.web.servlet.MarketigerAuthClientHttpRequestInterceptor;
import com.marketiger3d.auth.web.servlet.SessionKeyResolver;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.client.RestClient;

/**
 * Auto-configuration of marketiger-auth for blocking HTTP clients: the
 * {@link BlockingTokenAccess}, the {@code RestClient}/{@code RestTemplate} interceptor
 * and a ready {@code RestClient} named {@code marketigerRestClient}.
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
		afterName = "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration")
@ConditionalOnClass(RestClient.class)
@ConditionalOnBooleanProperty(name = "marketiger.auth.enabled", matchIfMissing = true)
@Conditional(NotReactiveWebApplicationCondition.class)
@ConditionalOnBean(TokenRefreshService.class)
@EnableConfigurationProperties(MarketigerAuthProperties.class)
public final class MarketigerAuthRestClientAutoConfiguration {

	/** Name of the ready {@code RestClient} bean. */
	public static final String REST_CLIENT_BEAN_NAME = "marketigerRestClient";

	@Bean
	@ConditionalOnMissingBean
	BlockingTokenAccess marketigerBlockingTokenAccess(TokenRefreshService tokens, MarketigerAuthProperties properties) {
		return new BlockingTokenAccess(tokens, properties.getBlockingTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "marketiger.auth.mode", havingValue = "per-user")
	SessionKeyResolver marketigerSessionKeyResolver() {
		return SessionKeyResolver.standard();
	}

	@Bean
	@ConditionalOnMissingBean
	MarketigerAuthClientHttpRequestInterceptor marketigerAuthClientHttpRequestInterceptor(BlockingTokenAccess tokens,
			ObjectProvider<TokenSessions> sessions, ObjectProvider<SessionKeyResolver> sessionKeys,
			MarketigerAuthProperties properties, MarketigerConnectionDetails connectionDetails,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		ApiOrigin origin = ApiOrigin.of(connectionDetails.getBaseUrl());
		ObservationRegistry registry = observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP);
		if (properties.getMode() == MarketigerAuthProperties.Mode.PER_USER) {
			return new MarketigerAuthClientHttpRequestInterceptor(sessions.getObject(),
					sessionKeys.getIfUnique(SessionKeyResolver::standard), properties.getBlockingTimeout(), origin,
					registry);
		}
		return new MarketigerAuthClientHttpRequestInterceptor(tokens, origin, registry);
	}

	@Bean(REST_CLIENT_BEAN_NAME)
	@ConditionalOnMissingBean(name = REST_CLIENT_BEAN_NAME)
	RestClient marketigerRestClient(ObjectProvider<RestClient.Builder> restClientBuilder,
			MarketigerAuthClientHttpRequestInterceptor interceptor, MarketigerConnectionDetails connectionDetails) {
		return restClientBuilder.getIfUnique(RestClient::builder)
			.clone()
			.baseUrl(connectionDetails.getBaseUrl().toString())
			.requestInterceptor(interceptor)
			.build();
	}

}
