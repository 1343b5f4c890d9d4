package com.marketiger3d.auth.api;

import java.net.http.HttpClient.Redirect;
import java.time.Duration;

import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.util.ClassUtils;

/**
 * The connector of a {@link MarketigerAuthClient} built without one: Reactor Netty when
 * it is on the class path, else the JDK's {@code HttpClient}; either with the timeouts
 * and without following redirects. The Spring Boot auto-configuration gives its own,
 * built with Boot's {@code ClientHttpConnectorBuilder}.
 */
final class AuthClientConnectors {

	private AuthClientConnectors() {
	}

	static ClientHttpConnector create(Duration connectTimeout, Duration responseTimeout,
			@Nullable ClassLoader classLoader) {
		return ClassUtils.isPresent("reactor.netty.http.client.HttpClient", classLoader)
				? ReactorNetty.create(connectTimeout, responseTimeout) : jdk(connectTimeout, responseTimeout);
	}

	private static ClientHttpConnector jdk(Duration connectTimeout, Duration responseTimeout) {
		java.net.http.HttpClient httpClient = java.net.http.HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.followRedirects(Redirect.NEVER)
			.build();
		JdkClientHttpConnector connector = new JdkClientHttpConnector(httpClient);
		connector.setReadTimeout(responseTimeout);
		return connector;
	}

	/** Apart, so that Reactor Netty's classes load only when they are present. */
	private static final class ReactorNetty {

		static ClientHttpConnector create(Duration connectTimeout, Duration responseTimeout) {
			HttpClient httpClient = HttpClient.create()
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(connectTimeout.toMillis()))
				.responseTimeout(responseTimeout)
				.followRedirect(false);
			return new ReactorClientHttpConnector(httpClient);
		}

	}

}
