package com.marketiger3d.auth.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientsProperties;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.util.ClassUtils;

/**
 * Builds the connector of the Login and RefreshToken calls with Spring Boot's
 * {@link ClientHttpConnectorBuilder}: Reactor Netty when
 * {@code spring.http.clients.reactive.connector} names it or, unset, when it is on the
 * class path, else the JDK's {@code HttpClient}. Jetty and Apache HTTP Components are not
 * used for these calls: their wire logs at DEBUG print request bodies, and the Login body
 * holds the password. Never the application's {@code ClientHttpConnectorBuilder} bean:
 * its customizers (a wiretap, for one) would see the password and the refresh tokens.
 */
final class AuthClientConnectorFactory {

	private static final Log logger = LogFactory.getLog(AuthClientConnectorFactory.class);

	private static final String REACTOR_NETTY = "reactor.netty.http.client.HttpClient";

	private AuthClientConnectorFactory() {
	}

	static ClientHttpConnector create(HttpClientSettings settings,
			ReactiveHttpClientsProperties.@Nullable Connector connector, @Nullable ClassLoader classLoader) {
		return builder(connector, classLoader).build(settings);
	}

	private static ClientHttpConnectorBuilder<?> builder(ReactiveHttpClientsProperties.@Nullable Connector connector,
			@Nullable ClassLoader classLoader) {
		if (connector == null) {
			return ClassUtils.isPresent(REACTOR_NETTY, classLoader) ? ClientHttpConnectorBuilder.reactor()
					: ClientHttpConnectorBuilder.jdk();
		}
		return switch (connector) {
			case REACTOR -> ClientHttpConnectorBuilder.reactor();
			case JDK -> ClientHttpConnectorBuilder.jdk();
			case JETTY, HTTP_COMPONENTS -> {
				logger.info("The MarkeTiger Login and RefreshToken calls use the JDK's HttpClient, not the " + connector
						+ " connector that spring.http.clients.reactive.connector names: its wire log "
						+ "would print the password");
				yield ClientHttpConnectorBuilder.jdk();
			}
		};
	}

}
