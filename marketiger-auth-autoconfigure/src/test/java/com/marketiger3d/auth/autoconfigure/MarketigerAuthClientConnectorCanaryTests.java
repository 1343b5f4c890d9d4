package com.marketiger3d.auth.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

import ch.qos.logback.classic.LoggerContext;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.api.MarketigerAuthException;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.TraceLogging;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Sends a canary password and canary tokens through the auto-configured auth client on
 * each connector, with every logger at TRACE and a server that echoes them back, and
 * checks that no log line shows one: Reactor Netty's loggers in this JVM, and the JDK
 * {@code HttpClient}'s own logs ({@code jdk.httpclient.HttpClient} with every category,
 * and {@code jdk.internal.httpclient.debug}) in a JVM started with those switches on, as
 * they are read once per JVM. The echoes are in the bodies: the JDK's {@code headers}
 * category prints headers, and the auth calls carry no secret in one.
 */
@ExtendWith({ TraceLogging.class, OutputCaptureExtension.class })
class MarketigerAuthClientConnectorCanaryTests {

	private static final String PASSWORD = "canary-password-4be1d0";

	private static final String ACCESS_TOKEN = "canary-access-93f2aa";

	private static final String REFRESH_TOKEN = "canary-refresh-0c7e5b";

	private static final List<String> CANARIES = List.of(PASSWORD, ACCESS_TOKEN, REFRESH_TOKEN);

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String ECHO = "{{jsonPath request.body '$.password'}} {{jsonPath request.body '$.accessToken'}}"
			+ " {{jsonPath request.body '$.refreshToken'}}";

	private WireMockServer server;

	@BeforeEach
	void startServer() {
		this.server = new WireMockServer(options().dynamicPort());
		this.server.start();
		this.server.stubFor(post(urlEqualTo(AuthApiStub.LOGIN)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"success\":true,\"data\":{\"accessToken\":\"" + ACCESS_TOKEN + "\",\"refreshToken\":\""
					+ REFRESH_TOKEN + "\"},\"echo\":\"" + ECHO + "\"}")
			.withTransformers("response-template")));
		this.server.stubFor(post(urlEqualTo(AuthApiStub.REFRESH)).willReturn(aResponse().withStatus(401)
			.withHeader("Content-Type", "application/json")
			.withBody(
					"{\"success\":false,\"error\":{\"type\":\"AUTHENTICATION\",\"message\":\"rejected " + ECHO + "\"}}")
			.withTransformers("response-template")));
	}

	@AfterEach
	void stopServer() {
		this.server.stop();
	}

	@ParameterizedTest
	@EnumSource
	void noSecretReachesAnyLogLineAtTrace(Connector connector, CapturedOutput output) {
		connector.applyTo(runner(baseUrl(this.server))).run((context) -> {
			assertThat(context).hasNotFailed();
			callBoth(context.getBean(MarketigerAuthClient.class));
		});
		assertThat(this.server.getAllServeEvents()).hasSize(2)
			.allSatisfy((event) -> assertThat(event.getRequest().getHeader("User-Agent"))
				.startsWith(connector.userAgent()));
		// TRACE reached the HTTP layers: WebClient's exchange lines, and for Reactor
		// Netty its connection lines.
		assertThat(output.getAll()).contains("HTTP POST " + baseUrl(this.server) + "/Auth/Login");
		if (connector == Connector.REACTOR_NETTY) {
			assertThat(output.getAll()).contains("HttpClientConnect");
		}
		assertNoCanary(output.getAll());
	}

	@Test
	void noSecretReachesTheJdkHttpClientsOwnLogsWithEverySwitchOn() throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process child = new ProcessBuilder(java, "-Djdk.httpclient.HttpClient.log=all",
				"-Djdk.internal.httpclient.debug=true", "-cp", System.getProperty("java.class.path"),
				JdkHttpClientLoggingRun.class.getName(), baseUrl(this.server))
			.redirectErrorStream(true)
			.start();
		byte[] bytes = child.getInputStream().readAllBytes();
		assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
		String logs = new String(bytes, StandardCharsets.UTF_8);
		assertThat(child.exitValue()).as(logs).isZero();
		assertThat(logs).contains(JdkHttpClientLoggingRun.DONE);
		// The JDK's own lines: its request log and its debug log.
		assertThat(logs).contains("jdk.internal.net.http").contains("/v2/Auth/Login").contains("/v2/Auth/RefreshToken");
		assertThat(this.server.getAllServeEvents()).hasSize(2);
		assertNoCanary(logs);
	}

	private static void assertNoCanary(String logs) {
		for (String canary : CANARIES) {
			assertThat(logs).doesNotContain(canary);
		}
	}

	static String baseUrl(WireMockServer server) {
		return "http://localhost:" + server.port() + "/v2";
	}

	static ApplicationContextRunner runner(String baseUrl) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
					ReactiveHttpClientAutoConfiguration.class, MarketigerAuthAutoConfiguration.class))
			.withPropertyValues("marketiger.auth.keep-alive=false", "marketiger.auth.email=" + AuthApiStub.EMAIL,
					"marketiger.auth.password=" + PASSWORD, "marketiger.auth.base-url=" + baseUrl);
	}

	static void callBoth(MarketigerAuthClient client) {
		IssuedTokens tokens = client.login(new Credentials(AuthApiStub.EMAIL, PASSWORD)).block(TIMEOUT);
		assertThat(tokens.refreshToken()).isEqualTo(REFRESH_TOKEN);
		assertThatExceptionOfType(MarketigerAuthException.class)
			.isThrownBy(() -> client.refresh(tokens.accessToken(), tokens.refreshToken()).block(TIMEOUT));
	}

	/**
	 * Runs Login and RefreshToken on the JDK connector in a JVM of its own, with every
	 * logger at its finest: logback's at TRACE, and {@code java.util.logging}'s (where
	 * the JDK's {@code System.Logger}s write) at ALL.
	 */
	static final class JdkHttpClientLoggingRun {

		static final String DONE = "Login and RefreshToken sent";

		private JdkHttpClientLoggingRun() {
		}

		public static void main(String[] args) {
			LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
			logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.TRACE);
			Logger root = Logger.getLogger("");
			root.setLevel(Level.ALL);
			for (Handler handler : root.getHandlers()) {
				handler.setLevel(Level.ALL);
			}
			Connector.JDK.applyTo(runner(args[0])).run((context) -> {
				assertThat(context).hasNotFailed();
				callBoth(context.getBean(MarketigerAuthClient.class));
			});
			System.out.println(DONE);
		}

	}

}
