package com.marketiger3d.auth.autoconfigure;

import com.marketiger3d.auth.actuate.MarketigerAuthMetrics;
import com.marketiger3d.auth.actuate.MarketigerAuthSessionMetrics;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenSessions;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Gauges of the tokens' remaining lifetimes, when Micrometer is present, and per user
 * those of the sessions in memory and renewing. The login, refresh and replay timers come
 * from observations, which need no configuration here.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MarketigerAuthAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(TokenRefreshService.class)
public final class MarketigerAuthMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MarketigerAuthMetrics marketigerAuthMetrics(TokenRefreshService tokens) {
		return new MarketigerAuthMetrics(tokens);
	}

	/**
	 * With {@code marketiger.auth.mode=per-user}, gauges of the users' sessions.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(MarketigerAuthModeCondition.PerUser.class)
	@ConditionalOnBean(TokenSessions.class)
	static class PerUserMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MarketigerAuthSessionMetrics marketigerAuthSessionMetrics(TokenSessions sessions) {
			return new MarketigerAuthSessionMetrics(sessions);
		}

	}

}
