package com.marketiger3d.auth.api;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MarketigerAuthClient} against an in-process WireMock server.
 */
class MarketigerAuthClientTests {

	private static final String LOGIN = "/v2/Auth/Login";

	private static final String REFRESH = "/v2/Auth/RefreshToken";

	private static final Credentials CREDENTIALS = new Credentials("robot@example.com", "s3cret-password");

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private WireMockServer server;

	private MarketigerAuthClient client;

	@BeforeEach
	void startServer() {
		this.server = new WireMockServer(options().dynamicPort());
		this.server.start();
		this.client = MarketigerAuthClient.builder(baseUrl(this.server)).build();
	}

	@AfterEach
	void stopServer() {
		this.server.stop();
	}

	@Test
	void loginPostsEmailAndPasswordAsJsonWithoutAuthorizationHeader() {
		stubLogin(ok("{\"success\":true,\"data\":{\"accessToken\":\"access-1\",\"refreshToken\":\"refresh-1\"}}"));
		this.client.login(CREDENTIALS).block(TIMEOUT);
		this.server
			.verify(1, postRequestedFor(urlEqualTo(LOGIN)).withHeader("Content-Type", containing("application/json"))
				.withoutHeader("Authorization")
				.withRequestBody(equalToJson("{\"email\":\"robot@example.com\",\"password\":\"s3cret-password\"}")));
		assertThat(this.server.getAllServeEvents()).hasSize(1);
	}

	@Test
	void refreshPostsBothTokensAsJsonWithoutAuthorizationHeader() {
		stubRefresh(ok("{\"success\":true,\"data\":{\"accessToken\":\"access-2\",\"refreshToken\":\"refresh-2\"}}"));
		this.client.refresh("access-1", "refresh-1").block(TIMEOUT);
		this.server.verify(1,
				postRequestedFor(urlEqualTo(REFRESH)).withHeader("Content-Type", containing("application/json"))
					.withoutHeader("Authorization")
					.withRequestBody(equalToJson("{\"accessToken\":\"access-1\",\"refreshToken\":\"refresh-1\"}")));
		assertThat(this.server.getAllServeEvents()).hasSize(1);
	}

	@Test
	void loginReturnsBothTokens() {
		stubLogin(ok("{\"success\":true,\"data\":{\"accessToken\":\"access-1\",\"refreshToken\":\"refresh-1\"}}"));
		StepVerifier.create(this.client.login(CREDENTIALS))
			.expectNext(new IssuedTokens("access-1", "refresh-1"))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void loginWithoutRefreshTokenReturnsAccessTokenOnly() {
		stubLogin(ok("{\"success\":true,\"data\":{\"accessToken\":\"access-1\"}}"));
		IssuedTokens tokens = this.client.login(CREDENTIALS).block(TIMEOUT);
		assertThat(tokens).isNotNull();
		assertThat(tokens.accessToken()).isEqualTo("access-1");
		assertThat(tokens.refreshToken()).isNull();
	}

	@Test
	void loginWithNullRefreshTokenReturnsAccessTokenOnly() {
		stubLogin(ok("{\"success\":true,\"data\":{\"accessToken\":\"access-1\",\"refreshToken\":null}}"));
		IssuedTokens tokens = this.client.login(CREDENTIALS).block(TIMEOUT);
		assertThat(tokens).isEqualTo(new IssuedTokens("access-1", null));
	}

	@Test
	void loginIgnoresUnknownFields() {
		stubLogin(ok("{\"success\":true,\"data\":{\"accessToken\":\"access-1\",\"refreshToken\":\"refresh-1\","
				+ "\"expiresIn\":3600},\"traceId\":\"abc\"}"));
		assertThat(this.client.login(CREDENTIALS).block(TIMEOUT)).isEqualTo(new IssuedTokens("access-1", "refresh-1"));
	}

	@Test
	void loginAcceptsSuccessWithoutContentType() {
		stubLogin(aResponse().withStatus(200)
			.withBody("{\"success\":true,\"data\":{\"accessToken\":\"access-1\",\"refreshToken\":\"refresh-1\"}}"));
		assertThat(this.client.login(CREDENTIALS).block(TIMEOUT)).isEqualTo(new IssuedTokens("access-1", "refresh-1"));
	}

	@Test
	void refreshReturnsRotatedTokens() {
		stubRefresh(ok("{\"success\":true,\"data\":{\"accessToken\":\"access-2\",\"refreshToken\":\"refresh-2\"}}"));
		StepVerifier.create(this.client.refresh("access-1", "refresh-1"))
			.expectNext(new IssuedTokens("access-2", "refresh-2"))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"AUTHENTICATION\"", "2", "\"2\"", "\"authentication\"" })
	void loginAnsweredBadRequestWithAuthenticationErrorThrowsInvalidCredentials(String type) {
		stubLogin(json(400, "{\"success\":false,\"error\":{\"type\":" + type
				+ ",\"message\":\"Username or Password are incorrect.\"}}"));
		Throwable failure = failureOf(this.client.login(CREDENTIALS));
		assertThat(failure).isExactlyInstanceOf(InvalidCredentialsException.class)
			.hasMessageContaining("AUTHENTICATION")
			.hasMessageContaining("Username or Password are incorrect.")
			.hasMessageContaining("Login rejected the e-mail and password");
	}

	@Test
	void loginAnsweredUnauthorizedThrowsInvalidCredentials() {
		stubLogin(json(401, "{\"success\":false,\"error\":{\"type\":\"AUTHENTICATION\",\"message\":\"nope\"}}"));
		assertThat(failureOf(this.client.login(CREDENTIALS))).isExactlyInstanceOf(InvalidCredentialsException.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"AUTHENTICATION\"", "2" })
	void refreshAnsweredUnauthorizedThrowsRefreshTokenRejected(String type) {
		stubRefresh(json(401, "{\"success\":false,\"error\":{\"type\":" + type
				+ ",\"message\":\"Invalid or expired refresh token\"}}"));
		Throwable failure = failureOf(this.client.refresh("access-1", "refresh-1"));
		assertThat(failure).isExactlyInstanceOf(RefreshTokenRejectedException.class)
			.hasMessageContaining("AUTHENTICATION")
			.hasMessageContaining("Invalid or expired refresh token");
	}

	@Test
	void refreshAnsweredUnauthorizedWithoutEnvelopeThrowsRefreshTokenRejected() {
		stubRefresh(aResponse().withStatus(401));
		assertThat(failureOf(this.client.refresh("access-1", "refresh-1")))
			.isExactlyInstanceOf(RefreshTokenRejectedException.class);
	}

	@Test
	void refreshAnsweredBadRequestWithEnvelopeThrowsRefreshTokenRejected() {
		stubRefresh(json(400, "{\"success\":false,\"error\":{\"type\":3,\"message\":\"refreshToken is required\"}}"));
		assertThat(failureOf(this.client.refresh("access-1", "refresh-1")))
			.isExactlyInstanceOf(RefreshTokenRejectedException.class)
			.hasMessageContaining("INCORRECT_PARAMETERS");
	}

	@ParameterizedTest
	@MethodSource("serverErrors")
	void loginAnsweredServerErrorThrowsTransientFailure(int status, ResponseDefinitionBuilder response) {
		stubLogin(response.withStatus(status));
		assertThat(failureOf(this.client.login(CREDENTIALS))).isExactlyInstanceOf(TransientAuthFailureException.class)
			.hasMessageContaining("HTTP " + status);
	}

	@ParameterizedTest
	@MethodSource("serverErrors")
	void refreshAnsweredServerErrorThrowsTransientFailure(int status, ResponseDefinitionBuilder response) {
		stubRefresh(response.withStatus(status));
		assertThat(failureOf(this.client.refresh("access-1", "refresh-1")))
			.isExactlyInstanceOf(TransientAuthFailureException.class)
			.hasMessageContaining("HTTP " + status);
	}

	static Stream<Arguments> serverErrors() {
		return Stream.of(
				Arguments.of(503,
						aResponse().withHeader("Content-Type", "text/html")
							.withBody("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>")),
				Arguments.of(500, aResponse().withHeader("Content-Type", "application/json")
					.withBody("{\"success\":false,\"error\":{\"type\":\"OPERATION_FAILED\",\"message\":\"boom\"}}")),
				Arguments.of(502, aResponse().withBody("Bad Gateway")), Arguments.of(504, aResponse()),
				Arguments.of(408, aResponse()));
	}

	@Test
	void tooManyRequestsWithRetryAfterSecondsCarriesTheHint() {
		stubLogin(json(429, "{\"success\":false,\"error\":{\"type\":1,\"message\":\"slow down\"}}")
			.withHeader("Retry-After", "7"));
		Throwable failure = failureOf(this.client.login(CREDENTIALS));
		assertThat(failure).isExactlyInstanceOf(TransientAuthFailureException.class).hasMessageContaining("HTTP 429");
		assertThat(((TransientAuthFailureException) failure).getRetryAfter()).contains(Duration.ofSeconds(7));
	}

	@Test
	void tooManyRequestsWithRetryAfterHttpDateCarriesTheHint() {
		Instant now = Instant.parse("2026-03-01T12:00:00Z");
		MarketigerAuthClient clocked = MarketigerAuthClient.builder(baseUrl(this.server))
			.clock(Clock.fixed(now, ZoneOffset.UTC))
			.build();
		String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(30).atZone(ZoneOffset.UTC));
		stubRefresh(aResponse().withStatus(429).withHeader("Retry-After", date));
		Throwable failure = failureOf(clocked.refresh("access-1", "refresh-1"));
		assertThat(failure).isExactlyInstanceOf(TransientAuthFailureException.class);
		assertThat(((TransientAuthFailureException) failure).getRetryAfter()).contains(Duration.ofSeconds(30));
	}

	@Test
	void tooManyRequestsWithBodyOverTheCapKeepsTheHint() {
		stubRefresh(aResponse().withStatus(429)
			.withHeader("Retry-After", "7")
			.withBody("x".repeat(MarketigerAuthClient.MAX_RESPONSE_BYTES * 2)));
		Throwable failure = failureOf(this.client.refresh("access-1", "refresh-1"));
		assertThat(failure).isExactlyInstanceOf(TransientAuthFailureException.class);
		assertThat(((TransientAuthFailureException) failure).getRetryAfter()).contains(Duration.ofSeconds(7));
	}

	@Test
	void tooManyRequestsWithoutRetryAfterHasNoHint() {
		stubLogin(aResponse().withStatus(429));
		Throwable failure = failureOf(this.client.login(CREDENTIALS));
		assertThat(failure).isExactlyInstanceOf(TransientAuthFailureException.class);
		assertThat(((TransientAuthFailureException) failure).getRetryAfter()).isEmpty();
	}

	@Test
	void serviceUnavailableWithRetryAfterCarriesTheHint() {
		stubLogin(aResponse().withStatus(503).withHeader("Retry-After", "120"));
		Throwable failure = failureOf(this.client.login(CREDENTIALS));
		assertThat(((TransientAuthFailureException) failure).getRetryAfter()).contains(Duration.ofSeconds(120));
	}

	@ParameterizedTest
	@EnumSource(value = Fault.class, names = { "CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK",
			"RANDOM_DATA_THEN_CLOSE" })
	void loginFailingAtTransportLevelThrowsTransientFailure(Fault fault) {
		stubLogin(aResponse().withFault(fault));
		Throwable failure = failureOf(this.client.login(CREDENTIALS));
		assertThat(failure).isExactlyInstanceOf(TransientAuthFailureException.class)
			.hasMessageStartingWith("Login failed");
		assertThat(failure.getCause()).isNotNull();
	}

	@ParameterizedTest
	@EnumSource(value = Fault.class,
			names = { "CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK" })
	void refreshFailingAtTransportLevelThrowsTransientFailure(Fault fault) {
		stubRefresh(aResponse().withFault(fault));
		Throwable failure = failureOf(this.client.refresh("access-1", "refresh-1"));
		assertThat(failure).isExactlyInstanceOf(TransientAuthFailureException.class)
			.hasMessageStartingWith("RefreshToken failed");
		assertThat(failure.getCause()).isNotNull();
	}

	@Test
	void connectionRefusedThrowsTransientFailure() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		MarketigerAuthClient unreachable = MarketigerAuthClient
			.builder(URI.create("http://localhost:" + closedPort + "/v2"))
			.build();
		assertThat(failureOf(unreachable.login(CREDENTIALS))).isExactlyInstanceOf(TransientAuthFailureException.class);
	}

	@Test
	void answerSlowerThanResponseTimeoutThrowsTransientFailure() {
		MarketigerAuthClient impatient = MarketigerAuthClient.builder(baseUrl(this.server))
			.responseTimeout(Duration.ofMillis(200))
			.build();
		stubLogin(ok("{\"success\":true,\"data\":{\"accessToken\":\"access-1\"}}").withFixedDelay(1500));
		assertThat(failureOf(impatient.login(CREDENTIALS))).isExactlyInstanceOf(TransientAuthFailureException.class);
	}

	@ParameterizedTest
	@EnumSource(value = Fault.class,
			names = { "CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK" })
	void refreshFailingAfterTheRequestWasSentMayHaveBeenProcessed(Fault fault) {
		stubRefresh(aResponse().withFault(fault));
		assertThat(failureOf(this.client.refresh("access-1", "refresh-1")))
			.isInstanceOfSatisfying(TransientAuthFailureException.class,
					(failure) -> assertThat(failure.isPossiblyProcessed()).isTrue())
			.hasMessageContaining("may have been sent");
	}

	@Test
	void refreshAnsweredSlowerThanResponseTimeoutMayHaveBeenProcessed() {
		MarketigerAuthClient impatient = MarketigerAuthClient.builder(baseUrl(this.server))
			.responseTimeout(Duration.ofMillis(200))
			.build();
		stubRefresh(ok("{\"success\":true,\"data\":{\"accessToken\":\"access-2\"}}").withFixedDelay(1500));
		assertThat(failureOf(impatient.refresh("access-1", "refresh-1"))).isInstanceOfSatisfying(
				TransientAuthFailureException.class, (failure) -> assertThat(failure.isPossiblyProcessed()).isTrue());
	}

	@Test
	void refreshThatCannotConnectWasNotProcessed() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		MarketigerAuthClient unreachable = MarketigerAuthClient
			.builder(URI.create("http://localhost:" + closedPort + "/v2"))
			.build();
		assertThat(failureOf(unreachable.refresh("access-1", "refresh-1")))
			.isInstanceOfSatisfying(TransientAuthFailureException.class,
					(failure) -> assertThat(failure.isPossiblyProcessed()).isFalse())
			.hasMessageContaining("before the request was sent");
	}

	@Test
	void refreshAnsweredServiceUnavailableWasNotProcessed() {
		stubRefresh(aResponse().withStatus(503));
		assertThat(failureOf(this.client.refresh("access-1", "refresh-1"))).isInstanceOfSatisfying(
				TransientAuthFailureException.class, (failure) -> assertThat(failure.isPossiblyProcessed()).isFalse());
	}

	@Test
	void refreshAnsweredOkWithBodyOverTheCapMayHaveBeenProcessed() {
		stubRefresh(ok("x".repeat(MarketigerAuthClient.MAX_RESPONSE_BYTES + 1)));
		assertThat(failureOf(this.client.refresh("access-1", "refresh-1"))).isInstanceOfSatisfying(
				MalformedAuthResponseException.class, (failure) -> assertThat(failure.isPossiblyProcessed()).isTrue());
	}

	@Test
	void refreshAnsweredNotFoundWithBodyOverTheCapWasNotProcessed() {
		stubRefresh(aResponse().withStatus(404).withBody("x".repeat(MarketigerAuthClient.MAX_RESPONSE_BYTES + 1)));
		assertThat(failureOf(this.client.refresh("access-1", "refresh-1"))).isInstanceOfSatisfying(
				MalformedAuthResponseException.class, (failure) -> assertThat(failure.isPossiblyProcessed()).isFalse());
	}

	@Test
	void answerWithinResponseTimeoutSucceeds() {
		MarketigerAuthClient patient = MarketigerAuthClient.builder(baseUrl(this.server))
			.responseTimeout(Duration.ofSeconds(5))
			.build();
		stubLogin(ok("{\"success\":true,\"data\":{\"accessToken\":\"access-1\"}}").withFixedDelay(100));
		assertThat(patient.login(CREDENTIALS).block(TIMEOUT)).isEqualTo(new IssuedTokens("access-1", null));
	}

	@ParameterizedTest
	@MethodSource("malformedSuccessBodies")
	void loginAnsweredOkWithMalformedBodyThrowsMalformedResponse(String body) {
		stubLogin(ok(body));
		assertThat(failureOf(this.client.login(CREDENTIALS))).isExactlyInstanceOf(MalformedAuthResponseException.class)
			.hasMessageStartingWith("Login answered HTTP 200");
	}

	@ParameterizedTest
	@MethodSource("malformedSuccessBodies")
	void refreshAnsweredOkWithMalformedBodyThrowsMalformedResponse(String body) {
		stubRefresh(ok(body));
		assertThat(failureOf(this.client.refresh("access-1", "refresh-1")))
			.isExactlyInstanceOf(MalformedAuthResponseException.class)
			.hasMessageStartingWith("RefreshToken answered HTTP 200");
	}

	static Stream<String> malformedSuccessBodies() {
		return Stream.of("{\"success\":true,\"data\":{\"accessToken\":\"acc", "}{garbled",
				"<!DOCTYPE html><html><body>Welcome</body></html>",
				"{\"success\":false,\"error\":{\"type\":\"OPERATION_FAILED\",\"message\":\"try later\"}}",
				"{\"success\":true}", "{\"success\":true,\"data\":null}", "{\"success\":true,\"data\":{}}",
				"{\"success\":true,\"data\":{\"accessToken\":\"\"}}",
				"{\"success\":true,\"data\":{\"accessToken\":42}}",
				"{\"success\":true,\"data\":{\"accessToken\":\"abc def\"}}",
				"{\"success\":true,\"data\":{\"accessToken\":\"abc\\ndef\"}}",
				"{\"success\":true,\"data\":{\"accessToken\":\"abc\\r\\nX-Injected: 1\"}}",
				"{\"success\":true,\"data\":{\"accessToken\":\"access-1\",\"refreshToken\":7}}",
				"{\"success\":\"true\",\"data\":{\"accessToken\":\"access-1\"}}",
				"{\"data\":{\"accessToken\":\"access-1\"}}", "[]", "null", "\"access-1\"", "");
	}

	@Test
	void loginAnsweredNotFoundWithHtmlThrowsMalformedResponseNamingBaseUrl() {
		stubLogin(aResponse().withStatus(404)
			.withHeader("Content-Type", "text/html")
			.withBody("<html><body>404 Not Found</body></html>"));
		assertThat(failureOf(this.client.login(CREDENTIALS))).isExactlyInstanceOf(MalformedAuthResponseException.class)
			.hasMessageContaining("HTTP 404")
			.hasMessageContaining("marketiger.auth.base-url");
	}

	@Test
	void refreshAnsweredNotFoundWithHtmlThrowsMalformedResponse() {
		stubRefresh(aResponse().withStatus(404).withBody("<html><body>404 Not Found</body></html>"));
		assertThat(failureOf(this.client.refresh("access-1", "refresh-1")))
			.isExactlyInstanceOf(MalformedAuthResponseException.class);
	}

	@Test
	void loginAnsweredBadRequestWithHtmlThrowsMalformedResponse() {
		stubLogin(aResponse().withStatus(400).withBody("<html><body>Bad Request</body></html>"));
		assertThat(failureOf(this.client.login(CREDENTIALS))).isExactlyInstanceOf(MalformedAuthResponseException.class);
	}

	@Test
	void answerLargerThanMaxResponseBytesThrowsMalformedResponse() {
		stubLogin(ok(successPaddedTo(MarketigerAuthClient.MAX_RESPONSE_BYTES + 1)));
		assertThat(failureOf(this.client.login(CREDENTIALS))).isExactlyInstanceOf(MalformedAuthResponseException.class)
			.hasMessageContaining(String.valueOf(MarketigerAuthClient.MAX_RESPONSE_BYTES));
	}

	@Test
	void answerJustBelowMaxResponseBytesIsRead() {
		stubLogin(ok(successPaddedTo(MarketigerAuthClient.MAX_RESPONSE_BYTES - 16)));
		assertThat(this.client.login(CREDENTIALS).block(TIMEOUT)).isEqualTo(new IssuedTokens("access-1", null));
	}

	@Test
	void redirectIsNotFollowedAndCredentialsStayOnTheApi() {
		WireMockServer elsewhere = new WireMockServer(options().dynamicPort());
		elsewhere.start();
		try {
			elsewhere
				.stubFor(post(anyUrl()).willReturn(ok("{\"success\":true,\"data\":{\"accessToken\":\"stolen\"}}")));
			stubLogin(aResponse().withStatus(307).withHeader("Location", elsewhere.baseUrl() + "/v2/Auth/Login"));
			assertThat(failureOf(this.client.login(CREDENTIALS)))
				.isExactlyInstanceOf(MalformedAuthResponseException.class)
				.hasMessageContaining("HTTP status 307");
			elsewhere.verify(0, anyRequestedFor(anyUrl()));
		}
		finally {
			elsewhere.stop();
		}
	}

	@Test
	void eachSubscriptionSendsOneCall() {
		stubLogin(ok("{\"success\":true,\"data\":{\"accessToken\":\"access-1\"}}"));
		Mono<IssuedTokens> login = this.client.login(CREDENTIALS);
		this.server.verify(0, postRequestedFor(urlEqualTo(LOGIN)));
		login.block(TIMEOUT);
		login.block(TIMEOUT);
		this.server.verify(2, postRequestedFor(urlEqualTo(LOGIN)));
	}

	private static String successPaddedTo(int bytes) {
		String head = "{\"success\":true,\"data\":{\"accessToken\":\"access-1\"},\"padding\":\"";
		String tail = "\"}";
		return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
	}

	private static Throwable failureOf(Mono<?> call) {
		AtomicReference<Throwable> failure = new AtomicReference<>();
		StepVerifier.create(call).expectErrorSatisfies(failure::set).verify(TIMEOUT);
		return failure.get();
	}

	private void stubLogin(ResponseDefinitionBuilder response) {
		this.server.stubFor(post(urlEqualTo(LOGIN)).willReturn(response));
	}

	private void stubRefresh(ResponseDefinitionBuilder response) {
		this.server.stubFor(post(urlEqualTo(REFRESH)).willReturn(response));
	}

	private static ResponseDefinitionBuilder ok(String body) {
		return json(200, body);
	}

	private static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
	}

	static URI baseUrl(WireMockServer server) {
		return URI.create("http://localhost:" + server.port() + "/v2");
	}

}
