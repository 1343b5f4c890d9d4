package com.marketiger3d.auth.autoconfigure;

import com.marketiger3d.auth.actuate.MarketigerAuthEndpoint;
import com.marketiger3d.auth.actuate.MarketigerAuthState;
import com.marketiger3d.auth.token.TokenRefreshService;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code marketigerauth} actuator endpoint, when Spring Boot Actuator is present and
 * the application exposes the endpoint.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { MarketigerAuthAutoConfiguration.class, MarketigerAuthHealthAutoConfiguration.class })
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean(TokenRefreshService.class)
@ConditionalOnAvailableEndpoint(MarketigerAuthEndpoint.class)
public final class MarketigerAuthEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MarketigerAuthState marketigerAuthState(TokenRefreshService tokens) {
		return new MarketigerAuthState(tokens);
	}

	@Bean
	@ConditionalOnMissingBean
	MarketigerAuthEndpoint marketigerAuthEndpoint(MarketigerAuthState state, TokenRefreshService tokens) {
		return new MarketigerAuthEndpoint(state, tokens);
	}

}
