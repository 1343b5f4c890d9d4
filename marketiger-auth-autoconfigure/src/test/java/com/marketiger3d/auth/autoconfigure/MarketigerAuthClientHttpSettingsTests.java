package com.marketiger3d.auth.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MalformedAuthResponseException;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.api.TransientAuthFailureException;
import com.marketiger3d.auth.test.AuthApiStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Login and RefreshToken calls through Spring Boot's HTTP client settings: the
 * connector detected on the class path (Reactor Netty, or the JDK's {@code HttpClient}
 * when Reactor Netty is filtered out) or named by
 * {@code spring.http.clients.reactive.connector}, the SSL bundle of
 * {@code marketiger.auth.ssl.bundle}, no redirects, and the response size cap, against a
 * WireMock that answers HTTPS with a certificate of a test CA
 * ({@code src/test/resources/ssl}: {@code ca.crt} is the CA, {@code server.p12} the
 * server's key and certificate for {@code localhost}, password {@code test-only}).
 */
class MarketigerAuthClientHttpSettingsTests {

	private static final String BUNDLE = "marketiger-test";

	private static final Credentials CREDENTIALS = new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD);

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String[] CREDENTIAL_PROPERTIES = { "marketiger.auth.email=" + AuthApiStub.EMAIL,
			"marketiger.auth.password=" + AuthApiStub.PASSWORD };

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, MarketigerAuthAutoConfiguration.class))
		.withPropertyValues(CREDENTIAL_PROPERTIES)
		.withPropertyValues("marketiger.auth.keep-alive=false",
				"spring.ssl.bundle.pem." + BUNDLE + ".truststore.certificate=classpath:ssl/ca.crt");

	private WireMockServer server;

	@BeforeEach
	void startServer() {
		this.server = new WireMockServer(options().dynamicPort()
			.dynamicHttpsPort()
			.keystorePath(Path.of("src/test/resources/ssl/server.p12").toAbsolutePath().toString())
			.keystoreType("PKCS12")
			.keystorePassword("test-only")
			.keyManagerPassword("test-only"));
		this.server.start();
		this.server
			.stubFor(post(urlEqualTo(AuthApiStub.LOGIN)).willReturn(AuthApiStub.envelope("access-1", "refresh-1")));
	}

	@AfterEach
	void stopServer() {
		this.server.stop();
	}

	@ParameterizedTest
	@EnumSource
	void loginOverHttpsTrustsTheNamedSslBundle(Connector connector) {
		run(connector, (context) -> {
			IssuedTokens tokens = client(context).login(CREDENTIALS).block(TIMEOUT);
			assertThat(tokens.accessToken()).isEqualTo("access-1");
			assertThat(userAgents()).singleElement().asString().startsWith(connector.userAgent());
		}, "marketiger.auth.ssl.bundle=" + BUNDLE);
	}

	@ParameterizedTest
	@EnumSource
	void loginOverHttpsWithoutTheBundleFailsTheHandshakeAsTransient(Connector connector) {
		run(connector, (context) -> {
			assertThatExceptionOfType(TransientAuthFailureException.class)
				.isThrownBy(() -> client(context).login(CREDENTIALS).block(TIMEOUT));
			assertThat(this.server.getAllServeEvents()).isEmpty();
		});
	}

	@ParameterizedTest
	@EnumSource
	void withoutABundleOfItsOwnTheAuthClientUsesTheOneOfSpringHttpClients(Connector connector) {
		run(connector, (context) -> {
			assertThat(client(context).login(CREDENTIALS).block(TIMEOUT).accessToken()).isEqualTo("access-1");
			assertThat(userAgents()).singleElement().asString().startsWith(connector.userAgent());
		}, "spring.http.clients.ssl.bundle=" + BUNDLE);
	}

	@Test
	void connectorNamedBySpringHttpClientsIsUsedEvenWithReactorNettyPresent() {
		run(Connector.REACTOR_NETTY, (context) -> {
			client(context).login(CREDENTIALS).block(TIMEOUT);
			assertThat(userAgents()).singleElement().asString().startsWith(Connector.JDK.userAgent());
		}, "marketiger.auth.ssl.bundle=" + BUNDLE, "spring.http.clients.reactive.connector=jdk");
	}

	@ParameterizedTest
	@EnumSource
	void redirectIsNotFollowedEvenWhenSpringHttpClientsFollowRedirectsSoTheSecretsStayWithTheApi(Connector connector) {
		String elsewhere = "http://localhost:" + this.server.port() + "/elsewhere";
		this.server.stubFor(post(urlEqualTo(AuthApiStub.REFRESH))
			.willReturn(aResponse().withStatus(307).withHeader("Location", elsewhere)));
		this.server.stubFor(post(urlEqualTo("/elsewhere")).willReturn(AuthApiStub.envelope("access-2", "refresh-2")));
		run(connector, (context) -> {
			assertThatExceptionOfType(MalformedAuthResponseException.class)
				.isThrownBy(() -> client(context).refresh("access-1", "refresh-1").block(TIMEOUT))
				.withMessageContaining("307");
			assertThat(this.server.getAllServeEvents()).extracting((event) -> event.getRequest().getUrl())
				.containsExactly(AuthApiStub.REFRESH);
		}, "marketiger.auth.ssl.bundle=" + BUNDLE, "spring.http.clients.redirects=follow");
	}

	@ParameterizedTest
	@EnumSource
	void answerOverTheSizeCapIsMalformedOnEveryConnector(Connector connector) {
		String padded = "{\"success\":true,\"data\":{\"accessToken\":\"a\",\"refreshToken\":\"r\"},\"pad\":\""
				+ "x".repeat(MarketigerAuthClient.MAX_RESPONSE_BYTES) + "\"}";
		this.server.stubFor(post(urlEqualTo(AuthApiStub.LOGIN)).willReturn(okJson(padded)));
		run(connector,
				(context) -> assertThatExceptionOfType(MalformedAuthResponseException.class)
					.isThrownBy(() -> client(context).login(CREDENTIALS).block(TIMEOUT))
					.withMessageContaining(String.valueOf(MarketigerAuthClient.MAX_RESPONSE_BYTES)),
				"marketiger.auth.ssl.bundle=" + BUNDLE);
	}

	@Test
	void unknownSslBundleFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("marketiger.auth.ssl.bundle=missing")
			.run((context) -> assertFailureNamesTheBundleProperty(context, "names missing"));
	}

	@Test
	void blankSslBundleFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("marketiger.auth.ssl.bundle= ")
			.run((context) -> assertFailureNamesTheBundleProperty(context, "must not be blank"));
	}

	@Test
	void sslBundleWithoutAnySslBundlesFailsStartupNamingTheProperty() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(HttpClientAutoConfiguration.class, MarketigerAuthAutoConfiguration.class))
			.withPropertyValues(CREDENTIAL_PROPERTIES)
			.withPropertyValues("marketiger.auth.ssl.bundle=" + BUNDLE)
			.run((context) -> assertFailureNamesTheBundleProperty(context, "no SSL bundles"));
	}

	@Test
	void servletApplicationWithoutReactorNettyCallsTheApiThroughTheJdkClient() {
		this.server
			.stubFor(get(urlEqualTo("/v2/Project/GetProjects")).withHeader("Authorization", equalTo("Bearer access-1"))
				.willReturn(okJson("{\"success\":true,\"data\":{\"projects\":[]}}")));
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, HttpClientAutoConfiguration.class,
					ImperativeHttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
					RestClientAutoConfiguration.class, MarketigerAuthAutoConfiguration.class,
					MarketigerAuthRestClientAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("reactor.netty"))
			.withPropertyValues(CREDENTIAL_PROPERTIES)
			.withPropertyValues("marketiger.auth.keep-alive=false",
					"marketiger.auth.base-url=https://localhost:" + this.server.httpsPort() + "/v2",
					"marketiger.auth.ssl.bundle=" + BUNDLE, "spring.http.clients.ssl.bundle=" + BUNDLE,
					"spring.ssl.bundle.pem." + BUNDLE + ".truststore.certificate=classpath:ssl/ca.crt")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RestClient restClient = context.getBean(MarketigerAuthRestClientAutoConfiguration.REST_CLIENT_BEAN_NAME,
						RestClient.class);
				String projects = restClient.get().uri("/Project/GetProjects").retrieve().body(String.class);
				assertThat(projects).contains("\"projects\":[]");
				List<ServeEvent> events = this.server.getAllServeEvents();
				assertThat(events).extracting((event) -> event.getRequest().getUrl())
					.containsExactlyInAnyOrder(AuthApiStub.LOGIN, "/v2/Project/GetProjects");
				assertThat(userAgents())
					.allSatisfy((userAgent) -> assertThat(userAgent).startsWith(Connector.JDK.userAgent()));
			});
	}

	private void run(Connector connector, Consumer<AssertableApplicationContext> test, String... properties) {
		ApplicationContextRunner runner = this.contextRunner
			.withPropertyValues("marketiger.auth.base-url=https://localhost:" + this.server.httpsPort() + "/v2")
			.withPropertyValues(properties);
		connector.applyTo(runner).run((context) -> {
			assertThat(context).hasNotFailed();
			test.accept(context);
		});
	}

	private static MarketigerAuthClient client(AssertableApplicationContext context) {
		return context.getBean(MarketigerAuthClient.class);
	}

	private List<String> userAgents() {
		return this.server.getAllServeEvents()
			.stream()
			.map((event) -> event.getRequest().getHeader("User-Agent"))
			.toList();
	}

	private static void assertFailureNamesTheBundleProperty(AssertableApplicationContext context, String problem) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		assertThat(failure).rootCause().isInstanceOfSatisfying(InvalidMarketigerAuthPropertyException.class, (ex) -> {
			assertThat(ex.getProperty()).isEqualTo("marketiger.auth.ssl.bundle");
			assertThat(ex.getProblem()).contains(problem);
		});
		FailureAnalysis analysis = new MarketigerAuthPropertiesFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains("'marketiger.auth.ssl.bundle'");
		assertThat(analysis.getAction()).contains("'marketiger.auth.ssl.bundle'");
	}

}
