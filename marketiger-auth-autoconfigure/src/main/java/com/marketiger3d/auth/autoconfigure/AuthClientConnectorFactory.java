package com.marketiger3d.auth.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientsProperties;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.http.client.reactive.ClientHttpConnector;

/**
 * Builds the connector of the Login and RefreshToken calls with Spring Boot's
 * {@link ClientHttpConnectorBuilder}: the one
 * {@code spring.http.clients.reactive.connector} names, else the one detected on the
 * class path (Reactor Netty, Jetty, Apache HTTP Components, then the JDK's
 * {@code HttpClient}). Never the application's {@code ClientHttpConnectorBuilder} bean:
 * its customizers (a wiretap, for one) would see the password and the refresh tokens.
 */
final class AuthClientConnectorFactory {

	private AuthClientConnectorFactory() {
	}

	static ClientHttpConnector create(HttpClientSettings settings,
			ReactiveHttpClientsProperties.@Nullable Connector connector, @Nullable ClassLoader classLoader) {
		return builder(connector, classLoader).build(settings);
	}

	private static ClientHttpConnectorBuilder<?> builder(ReactiveHttpClientsProperties.@Nullable Connector connector,
			@Nullable ClassLoader classLoader) {
		if (connector == null) {
			return ClientHttpConnectorBuilder.detect(classLoader);
		}
		return switch (connector) {
			case REACTOR -> ClientHttpConnectorBuilder.reactor();
			case JETTY -> ClientHttpConnectorBuilder.jetty();
			case HTTP_COMPONENTS -> ClientHttpConnectorBuilder.httpComponents();
			case JDK -> ClientHttpConnectorBuilder.jdk();
		};
	}

}
