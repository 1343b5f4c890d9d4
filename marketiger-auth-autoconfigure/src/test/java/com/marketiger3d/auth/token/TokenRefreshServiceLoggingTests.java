package com.marketiger3d.auth.token;

import java.net.URI;
import java.time.Duration;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.InvalidCredentialsException;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.api.TokenFingerprint;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One INFO line per login and per refresh, with fingerprints and the new expiry; nothing
 * on the path of an ordinary call.
 */
@WireMockTest
@ExtendWith(OutputCaptureExtension.class)
class TokenRefreshServiceLoggingTests {

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	@Test
	void logsOneInfoLinePerLoginAndRefreshAndNothingForFreshCalls(WireMockRuntimeInfo wireMock, CapturedOutput output) {
		AuthApiStub api = new AuthApiStub(wireMock.getWireMock(), LIFETIME).loginThenRotations(1);
		MarketigerAuthClient client = MarketigerAuthClient.builder(URI.create(wireMock.getHttpBaseUrl() + "/v2"))
			.clock(this.clock)
			.build();
		TokenRefreshService service = TokenRefreshService.builder(client, new InMemoryTokenStore())
			.credentials(new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD))
			.clock(this.clock)
			.build();

		service.accessToken().block();
		int afterLogin = ourLines(output);
		for (int i = 0; i < 100; i++) {
			service.accessToken().block();
		}
		assertThat(ourLines(output)).isEqualTo(afterLogin);
		this.clock.advance(LIFETIME);
		service.accessToken().block();

		assertThat(output.getAll().lines().filter((line) -> line.contains("TokenRefreshService"))).satisfiesExactly(
				(line) -> assertThat(line).contains("INFO", "MarkeTiger login", "'service-account'",
						TokenFingerprint.of(api.accessToken(0)), "valid until 2026-03-01T08:05:00Z"),
				(line) -> assertThat(line).contains("INFO", "MarkeTiger token refresh",
						TokenFingerprint.of(api.accessToken(1)), "valid until 2026-03-01T08:10:00Z"));
	}

	@Test
	void rejectedServiceAccountCredentialsAreLoggedWithThePropertiesToCheck(WireMockRuntimeInfo wireMock,
			CapturedOutput output) {
		wireMock.getWireMock()
			.register(WireMock.post("/v2/Auth/Login")
				.willReturn(WireMock.aResponse()
					.withStatus(400)
					.withHeader("Content-Type", "application/json")
					.withBody("{\"success\":false,\"error\":{\"type\":\"AUTHENTICATION\","
							+ "\"message\":\"Username or Password are incorrect.\"}}")));
		TokenRefreshService service = TokenRefreshService.builder(client(wireMock), new InMemoryTokenStore())
			.credentials(new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD))
			.clock(this.clock)
			.build();

		StepVerifier.create(service.accessToken())
			.expectError(InvalidCredentialsException.class)
			.verify(Duration.ofSeconds(10));

		assertThat(output.getAll().lines().filter((line) -> line.contains("TokenRefreshService"))).singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN", "Login rejected the e-mail and password",
					"check marketiger.auth.email and marketiger.auth.password"));
	}

	@Test
	void userWhoNeverConnectedIsLoggedAtInfoNotAsAnError(WireMockRuntimeInfo wireMock, CapturedOutput output) {
		TokenSessions sessions = new TokenSessions(
				TokenRefreshService.builder(client(wireMock), new InMemoryTokenStore()).clock(this.clock).settings(),
				Duration.ofMinutes(30), 10, false);

		StepVerifier.create(sessions.session("bob").accessToken())
			.expectError(MarketigerAccountNotConnectedException.class)
			.verify(Duration.ofSeconds(10));

		assertThat(output.getAll().lines().filter((line) -> line.contains("TokenRefreshService"))).singleElement()
			.satisfies((line) -> assertThat(line).contains("INFO", "'bob'", "not connected (no tokens stored)")
				.doesNotContain("ERROR"));
	}

	private MarketigerAuthClient client(WireMockRuntimeInfo wireMock) {
		return MarketigerAuthClient.builder(URI.create(wireMock.getHttpBaseUrl() + "/v2")).clock(this.clock).build();
	}

	private static int ourLines(CapturedOutput output) {
		return (int) output.getAll().lines().filter((line) -> line.contains("com.marketiger3d")).count();
	}

}
