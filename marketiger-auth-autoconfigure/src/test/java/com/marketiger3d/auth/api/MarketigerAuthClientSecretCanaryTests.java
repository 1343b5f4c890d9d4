package com.marketiger3d.auth.api;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends canary secrets to a server that echoes them back in every way a broken or hostile
 * API could, and checks that no exception raised by {@link MarketigerAuthClient} repeats
 * them.
 */
class MarketigerAuthClientSecretCanaryTests {

	private static final String PASSWORD = "canary-password-5f1c";

	private static final String ACCESS_TOKEN = "canary-access-8d2e";

	private static final String REFRESH_TOKEN = "canary-refresh-b7a0";

	private static final List<String> CANARIES = List.of(PASSWORD, ACCESS_TOKEN, REFRESH_TOKEN);

	private static final Credentials CREDENTIALS = new Credentials("robot@example.com", PASSWORD);

	private static final String ECHO_ALL = "{{jsonPath request.body '$.password'}} {{jsonPath request.body '$.accessToken'}}"
			+ " {{jsonPath request.body '$.refreshToken'}}";

	private static final String ECHO_BODY = "{{{request.body}}}";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private WireMockServer server;

	private MarketigerAuthClient client;

	@BeforeEach
	void startServer() {
		this.server = new WireMockServer(options().dynamicPort());
		this.server.start();
		this.client = MarketigerAuthClient.builder(URI.create("http://localhost:" + this.server.port() + "/v2"))
			.build();
	}

	@AfterEach
	void stopServer() {
		this.server.stop();
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("echoingAnswers")
	void failureNeverRepeatsSecretsTheServerEchoed(AuthCall call, int status, String contentType, String body) {
		stub(call, status, contentType, body);
		Throwable failure = failureOf(send(call));
		assertThat(failure).isInstanceOf(MarketigerAuthException.class);
		for (Throwable each : causeChain(failure)) {
			for (String canary : CANARIES) {
				assertThat(each.getMessage()).as("message of %s", each.getClass().getName()).doesNotContain(canary);
				assertThat(each.toString()).as("toString of %s", each.getClass().getName()).doesNotContain(canary);
			}
		}
		String stackTrace = stackTrace(failure);
		for (String canary : CANARIES) {
			assertThat(stackTrace).doesNotContain(canary);
		}
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("echoingAnswers")
	void serverEchoesTheSecretsItReceived(AuthCall call, int status, String contentType, String body) throws Exception {
		stub(call, status, contentType, body);
		String requestBody = (call == AuthCall.LOGIN)
				? "{\"email\":\"robot@example.com\",\"password\":\"" + PASSWORD + "\"}"
				: "{\"accessToken\":\"" + ACCESS_TOKEN + "\",\"refreshToken\":\"" + REFRESH_TOKEN + "\"}";
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.server.port() + "/v2" + call.path()))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(requestBody))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(status);
		List<String> sent = (call == AuthCall.LOGIN) ? List.of(PASSWORD) : List.of(ACCESS_TOKEN, REFRESH_TOKEN);
		for (String canary : sent) {
			assertThat(response.body()).contains(canary);
		}
	}

	static Stream<Arguments> echoingAnswers() {
		List<Arguments> answers = new ArrayList<>();
		for (AuthCall call : AuthCall.values()) {
			String envelope = "{\"success\":false,\"error\":{\"type\":\"AUTHENTICATION\",\"message\":\"rejected "
					+ ECHO_ALL + "\"}}";
			answers.add(Arguments.of(call, 400, "application/json", envelope));
			answers.add(Arguments.of(call, 401, "application/json", envelope));
			answers.add(Arguments.of(call, 403, "application/json", envelope.replace("AUTHENTICATION", "4")));
			answers.add(Arguments.of(call, 409, "application/json", envelope));
			answers.add(Arguments.of(call, 200, "application/json", envelope));
			answers.add(Arguments.of(call, 429, "application/json", envelope));
			answers.add(Arguments.of(call, 500, "application/json", envelope));
			answers.add(Arguments.of(call, 503, "text/html", "<html><body>down for " + ECHO_BODY + "</body></html>"));
			answers.add(Arguments.of(call, 400, "application/json",
					"{\"success\":false,\"error\":{\"type\":\"" + ECHO_ALL + "\",\"message\":\"x\"}}"));
			answers.add(Arguments.of(call, 401, "application/json",
					"{\"success\":false,\"error\":{\"type\":2,\"message\":\"line\\n" + ECHO_ALL + "\\r\\n"
							+ "x".repeat(190) + ECHO_ALL + "\"}}"));
			answers.add(Arguments.of(call, 400, "application/json", "{\"success\":false,\"error\":" + ECHO_BODY));
			answers.add(Arguments.of(call, 401, "text/html", "<html><body>" + ECHO_BODY + "</body></html>"));
			answers.add(Arguments.of(call, 404, "text/html", "<html><body>no " + ECHO_BODY + "</body></html>"));
			answers.add(Arguments.of(call, 200, "application/json",
					"{\"success\":true,\"data\":{\"accessToken\":\"" + ECHO_BODY));
			answers.add(Arguments.of(call, 200, "application/json", ECHO_BODY + "]]garbled[[\u0000"));
			answers.add(Arguments.of(call, 200, "text/html", "<html><body>" + ECHO_BODY + "</body></html>"));
			answers.add(Arguments.of(call, 200, "application/json",
					"{\"success\":true,\"data\":{\"accessToken\":\"" + ECHO_ALL + "\"}}"));
			answers.add(Arguments.of(call, 200, "application/json",
					"{\"success\":true,\"data\":{\"token\":\"" + ECHO_ALL + "\"}}"));
			answers.add(Arguments.of(call, 302, "text/html", "<a href=\"/" + ECHO_ALL + "\">moved</a>"));
			answers.add(Arguments.of(call, 200, "application/json",
					"{\"success\":true,\"data\":{\"accessToken\":\"a\"},\"pad\":\"" + ECHO_ALL + "x".repeat(70_000)
							+ "\"}"));
		}
		return answers.stream();
	}

	private Mono<IssuedTokens> send(AuthCall call) {
		return (call == AuthCall.LOGIN) ? this.client.login(CREDENTIALS)
				: this.client.refresh(ACCESS_TOKEN, REFRESH_TOKEN);
	}

	private void stub(AuthCall call, int status, String contentType, String body) {
		ResponseDefinitionBuilder response = aResponse().withStatus(status)
			.withHeader("Content-Type", contentType)
			.withBody(body)
			.withTransformers("response-template");
		this.server.stubFor(post(urlEqualTo("/v2" + call.path())).willReturn(response));
	}

	private static Throwable failureOf(Mono<?> call) {
		AtomicReference<Throwable> failure = new AtomicReference<>();
		StepVerifier.create(call).expectErrorSatisfies(failure::set).verify(TIMEOUT);
		return failure.get();
	}

	private static List<Throwable> causeChain(Throwable failure) {
		List<Throwable> chain = new ArrayList<>();
		for (Throwable each = failure; each != null && !chain.contains(each); each = each.getCause()) {
			chain.add(each);
		}
		return chain;
	}

	private static String stackTrace(Throwable failure) {
		StringWriter out = new StringWriter();
		failure.printStackTrace(new PrintWriter(out));
		return out.toString();
	}

}
