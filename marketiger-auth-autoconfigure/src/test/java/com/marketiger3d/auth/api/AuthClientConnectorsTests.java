package com.marketiger3d.auth.api;

import java.net.URI;
import java.time.Duration;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.marketiger3d.auth.test.AuthApiStub;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The connector of a {@link MarketigerAuthClient} built without one.
 */
@WireMockTest
class AuthClientConnectorsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final Credentials CREDENTIALS = new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD);

	@Test
	void reactorNettyOnTheClassPathIsUsed() {
		assertThat(connector(getClass().getClassLoader())).isInstanceOf(ReactorClientHttpConnector.class);
	}

	@Test
	void withoutReactorNettyTheJdkHttpClientIsUsed() {
		assertThat(connector(new FilteredClassLoader("reactor.netty"))).isInstanceOf(JdkClientHttpConnector.class);
	}

	@Test
	void jdkConnectorLogsInAndFollowsNoRedirect(WireMockRuntimeInfo wireMock) {
		var stubs = wireMock.getWireMock();
		stubs.register(post(urlEqualTo(AuthApiStub.LOGIN)).willReturn(AuthApiStub.envelope("access-1", "refresh-1")));
		stubs.register(post(urlEqualTo(AuthApiStub.REFRESH))
			.willReturn(aResponse().withStatus(308).withHeader("Location", "/elsewhere")));
		MarketigerAuthClient client = MarketigerAuthClient.builder(URI.create(wireMock.getHttpBaseUrl() + "/v2"))
			.clientConnector(connector(new FilteredClassLoader("reactor.netty")))
			.build();

		assertThat(client.login(CREDENTIALS).block(TIMEOUT).accessToken()).isEqualTo("access-1");
		assertThatExceptionOfType(MalformedAuthResponseException.class)
			.isThrownBy(() -> client.refresh("access-1", "refresh-1").block(TIMEOUT))
			.withMessageContaining("308");
		assertThat(stubs.find(postRequestedFor(urlEqualTo("/elsewhere")))).isEmpty();
		assertThat(stubs.find(postRequestedFor(urlEqualTo(AuthApiStub.LOGIN))).get(0).getHeader("User-Agent"))
			.startsWith("Java-http-client");
	}

	private static ClientHttpConnector connector(ClassLoader classLoader) {
		return AuthClientConnectors.create(Duration.ofSeconds(5), Duration.ofSeconds(10), classLoader);
	}

}
