package com.marketiger3d.auth.autoconfigure;

import java.net.URI;
import java.util.Objects;

import com.marketiger3d.auth.web.ReconnectExceptionHandler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the answer to a request whose MarkeTiger session needs a new
 * login, when {@code marketiger.auth.sessions.connect-uri} names the page where users
 * connect their account: a redirect there for a browser, a {@code 401} problem detail for
 * other clients. In Spring MVC and WebFlux applications.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MarketigerAuthAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "marketiger.auth.enabled", matchIfMissing = true)
@ConditionalOnWebApplication
@Conditional(ConnectUriCondition.class)
@EnableConfigurationProperties(MarketigerAuthProperties.class)
public final class MarketigerAuthReconnectAutoConfiguration {

	MarketigerAuthReconnectAutoConfiguration(MarketigerAuthProperties properties) {
		MarketigerAuthPropertiesValidator.validate(properties);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean(ReconnectExceptionHandler.class)
		ReactiveReconnectAdvice marketigerReconnectExceptionHandler(MarketigerAuthProperties properties) {
			return new ReactiveReconnectAdvice(connectUri(properties));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class ServletConfiguration {

		@Bean
		@ConditionalOnMissingBean(ReconnectExceptionHandler.class)
		ServletReconnectAdvice marketigerReconnectExceptionHandler(MarketigerAuthProperties properties) {
			return new ServletReconnectAdvice(connectUri(properties));
		}

	}

	private static URI connectUri(MarketigerAuthProperties properties) {
		return URI.create(Objects.requireNonNull(properties.getSessions().getConnectUri()).trim());
	}

}
