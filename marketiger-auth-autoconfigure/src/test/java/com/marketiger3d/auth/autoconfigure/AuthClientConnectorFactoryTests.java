package com.marketiger3d.auth.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientsProperties.Connector;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AuthClientConnectorFactory}: which connector carries the Login and
 * RefreshToken calls.
 */
class AuthClientConnectorFactoryTests {

	private static final HttpClientSettings SETTINGS = new HttpClientSettings(HttpRedirects.DONT_FOLLOW,
			Duration.ofSeconds(1), Duration.ofSeconds(1), null);

	@Test
	void createWhenNothingIsNamedAndReactorNettyIsPresentThenReactorNetty() {
		assertThat(AuthClientConnectorFactory.create(SETTINGS, null, getClass().getClassLoader()))
			.isInstanceOf(ReactorClientHttpConnector.class);
	}

	@Test
	void createWhenNothingIsNamedAndReactorNettyIsAbsentThenTheJdkClient() {
		assertThat(AuthClientConnectorFactory.create(SETTINGS, null, new FilteredClassLoader("reactor.netty")))
			.isInstanceOf(JdkClientHttpConnector.class);
	}

	@ParameterizedTest
	@EnumSource(names = { "JETTY", "HTTP_COMPONENTS" })
	void createWhenAConnectorWhoseWireLogPrintsBodiesIsNamedThenTheJdkClient(Connector connector) {
		assertThat(AuthClientConnectorFactory.create(SETTINGS, connector, getClass().getClassLoader()))
			.isInstanceOf(JdkClientHttpConnector.class);
	}

	@ParameterizedTest
	@EnumSource(names = { "REACTOR", "JDK" })
	void createWhenReactorNettyOrTheJdkClientIsNamedThenThatOne(Connector connector) {
		assertThat(AuthClientConnectorFactory.create(SETTINGS, connector, getClass().getClassLoader())).isInstanceOf(
				(connector == Connector.REACTOR) ? ReactorClientHttpConnector.class : JdkClientHttpConnector.class);
	}

}
