package com.marketiger3d.auth.autoconfigure;

import com.marketiger3d.auth.actuate.MarketigerAuthHealthIndicator;
import com.marketiger3d.auth.actuate.MarketigerAuthState;
import com.marketiger3d.auth.token.TokenRefreshService;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code marketigerAuth} health indicator, when Spring Boot's health support is
 * present. Switched off with {@code management.health.marketigerauth.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MarketigerAuthAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(TokenRefreshService.class)
@ConditionalOnEnabledHealthIndicator("marketigerauth")
public final class MarketigerAuthHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MarketigerAuthState marketigerAuthState(TokenRefreshService tokens) {
		return new MarketigerAuthState(tokens);
	}

	@Bean
	@ConditionalOnMissingBean(name = "marketigerAuthHealthIndicator")
	MarketigerAuthHealthIndicator marketigerAuthHealthIndicator(MarketigerAuthState state) {
		return new MarketigerAuthHealthIndicator(state);
	}

}
