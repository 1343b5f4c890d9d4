package com.marketiger3d.auth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.marketiger3d.auth.api.ApiOrigin;
import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.MutableClock;
import com.marketiger3d.auth.test.TestJwts;
import com.marketiger3d.auth.test.TraceLogging;
import com.marketiger3d.auth.token.InMemoryTokenStore;
import com.marketiger3d.auth.token.RetryPolicy;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.web.reactive.MarketigerAuthExchangeFilterFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every path of the lifecycle at TRACE logging with canary secrets, including a
 * server that echoes them back in its error messages, and checks that no log line,
 * exception message, {@code toString} or event shows any of them.
 */
@WireMockTest
@ExtendWith({ TraceLogging.class, OutputCaptureExtension.class })
class SecretsCanaryTests {

	/** How long a test waits for a result before it fails. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String PASSWORD = "canary-password-5f1c9a";

	private static final String REFRESH_TOKEN = "canary-refresh-7d20e4";

	private static final String ROTATED_REFRESH_TOKEN = "canary-refresh-rotated-91ab3c";

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	private final String accessToken = TestJwts.issued(Instant.EPOCH, LIFETIME);

	private final String rotatedAccessToken = TestJwts.issued(Instant.EPOCH, LIFETIME);

	private final List<Object> seen = new CopyOnWriteArrayList<>();

	@Test
	void noSecretAppearsInLogsMessagesOrToString(WireMockRuntimeInfo wireMock, CapturedOutput output) {
		var stubs = wireMock.getWireMock();
		String echo = "\"message\":\"rejected " + PASSWORD + " " + REFRESH_TOKEN + " " + this.accessToken + "\"";
		stubs.register(post(urlEqualTo(AuthApiStub.LOGIN)).inScenario("login")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(AuthApiStub.envelope(this.accessToken, REFRESH_TOKEN))
			.willSetStateTo("after-garbled-refresh"));
		stubs.register(post(urlEqualTo(AuthApiStub.LOGIN)).inScenario("login")
			.whenScenarioStateIs("after-garbled-refresh")
			.willReturn(AuthApiStub.envelope(this.rotatedAccessToken, ROTATED_REFRESH_TOKEN))
			.willSetStateTo("wrong-password"));
		stubs.register(post(urlEqualTo(AuthApiStub.LOGIN)).inScenario("login")
			.whenScenarioStateIs("wrong-password")
			.willReturn(aResponse().withStatus(400)
				.withBody("{\"success\":false,\"error\":{\"type\":\"AUTHENTICATION\"," + echo + "}}")));
		stubs.register(post(urlEqualTo(AuthApiStub.REFRESH)).inScenario("refresh")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(200)
				.withBody("{\"success\":true,\"data\":{\"accessToken\":\"" + this.accessToken + "\",\"refreshToken\":\""
						+ REFRESH_TOKEN))
			.willSetStateTo("rotates"));
		stubs.register(post(urlEqualTo(AuthApiStub.REFRESH)).inScenario("refresh")
			.whenScenarioStateIs("rotates")
			.willReturn(AuthApiStub.envelope(this.rotatedAccessToken, REFRESH_TOKEN))
			.willSetStateTo("rejects"));
		stubs.register(post(urlEqualTo(AuthApiStub.REFRESH)).inScenario("refresh")
			.whenScenarioStateIs("rejects")
			.willReturn(
					aResponse().withStatus(401).withBody("{\"success\":false,\"error\":{\"type\":2," + echo + "}}")));
		stubs.register(
				get("/v2/Project/GetProjects").withHeader("Authorization", equalTo("Bearer " + this.rotatedAccessToken))
					.willReturn(okJson("{\"success\":true,\"data\":{\"projects\":[]}}")));
		stubs.register(get("/v2/Project/GetProjects").atPriority(10).willReturn(unauthorized()));

		URI baseUrl = URI.create(wireMock.getHttpBaseUrl() + "/v2");
		MarketigerAuthClient client = MarketigerAuthClient.builder(baseUrl).clock(this.clock).build();
		TokenRefreshService tokens = TokenRefreshService.builder(client, new InMemoryTokenStore())
			.credentials(new Credentials(AuthApiStub.EMAIL, PASSWORD))
			.retryPolicy(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(50)))
			.clock(this.clock)
			.eventPublisher(this.seen::add)
			.build();
		WebClient webClient = WebClient.builder()
			.baseUrl(baseUrl.toString())
			.filter(new MarketigerAuthExchangeFilterFunction(tokens, ApiOrigin.of(baseUrl)))
			.build();

		// Login, then a request rejected with 401: a refresh answered with garbled JSON
		// (its refresh token may be spent), so a login, and the replay.
		remember(() -> webClient.get().uri("/Project/GetProjects").retrieve().bodyToMono(String.class).block(TIMEOUT));
		this.seen.add(tokens.currentTokens().orElseThrow());
		// Expired: a refresh that rotates.
		this.clock.advance(LIFETIME);
		remember(() -> tokens.accessToken().block(Duration.ofSeconds(10)));
		this.seen.add(tokens.currentTokens().orElseThrow());
		// Expired again: refresh rejected with an echo of the secrets, then login
		// rejected
		// with one.
		this.clock.advance(LIFETIME);
		remember(() -> tokens.accessToken().block(Duration.ofSeconds(10)));
		this.seen.add(tokens);
		this.seen.add(new Credentials(AuthApiStub.EMAIL, PASSWORD));
		this.seen.add(new IssuedTokens(this.accessToken, REFRESH_TOKEN));

		assertThat(this.seen).anySatisfy((thing) -> assertThat(thing).isInstanceOf(Throwable.class));
		List<String> texts = new ArrayList<>();
		texts.add(output.getAll());
		for (Object thing : this.seen) {
			texts.add(String.valueOf(thing));
			for (Throwable ex = (thing instanceof Throwable t) ? t : null; ex != null; ex = ex.getCause()) {
				texts.add(ex.toString());
				texts.add(String.valueOf(ex.getMessage()));
			}
		}
		assertThat(output.getAll()).contains("MarkeTiger login")
			.contains("RefreshToken got no readable answer")
			.contains("MarkeTiger token refresh");
		for (String secret : secrets()) {
			assertThat(texts).noneSatisfy((text) -> assertThat(text).contains(secret));
		}
	}

	private List<String> secrets() {
		List<String> secrets = new ArrayList<>(
				List.of(PASSWORD, REFRESH_TOKEN, ROTATED_REFRESH_TOKEN, this.accessToken, this.rotatedAccessToken));
		// A JWT's signature alone is as good as the token to someone holding the rest of
		// it.
		secrets.add(this.accessToken.substring(this.accessToken.lastIndexOf('.') + 1));
		secrets.add(this.rotatedAccessToken.substring(this.rotatedAccessToken.lastIndexOf('.') + 1));
		return secrets;
	}

	private void remember(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			this.seen.add(ex);
		}
	}

}
