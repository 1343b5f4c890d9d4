package com.marketiger3d.auth.test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * Plays the API's Login and RefreshToken on WireMock as a strict server does: each
 * refresh token is accepted once, in order, and anything else is answered 401.
 */
public final class AuthApiStub {

	public static final String LOGIN = "/v2/Auth/Login";

	public static final String REFRESH = "/v2/Auth/RefreshToken";

	public static final String EMAIL = "service@marketiger3d.test";

	public static final String PASSWORD = "s3cret-password";

	private static final String ROTATION = "rotation";

	private final WireMock wireMock;

	private final Duration lifetime;

	private final List<String> accessTokens = new ArrayList<>();

	private final List<String> refreshTokens = new ArrayList<>();

	public AuthApiStub(WireMock wireMock, Duration lifetime) {
		this.wireMock = wireMock;
		this.lifetime = lifetime;
	}

	/**
	 * Login answers pair 0; RefreshToken accepts refresh token {@code i} once and answers
	 * pair {@code i + 1}, for {@code rotations} rotations; every other refresh gets 401.
	 */
	public AuthApiStub loginThenRotations(int rotations) {
		return loginThenRotations(rotations, 0);
	}

	public AuthApiStub loginThenRotations(int rotations, int refreshDelayMillis) {
		for (int i = 0; i <= rotations; i++) {
			this.accessTokens.add(TestJwts.issued(Instant.parse("2026-01-01T00:00:00Z"), this.lifetime));
			this.refreshTokens.add("refresh-" + i + "-" + Long.toHexString(Double.doubleToLongBits(Math.random())));
		}
		this.wireMock.register(post(urlEqualTo(LOGIN)).withRequestBody(matchingJsonPath("$.email", equalTo(EMAIL)))
			.withRequestBody(matchingJsonPath("$.password", equalTo(PASSWORD)))
			.willReturn(tokens(0)));
		this.wireMock.register(post(urlEqualTo(LOGIN)).atPriority(10)
			.willReturn(aResponse().withStatus(400)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"success\":false,\"error\":{\"type\":\"AUTHENTICATION\","
						+ "\"message\":\"Username or Password are incorrect.\"}}")));
		for (int i = 0; i < rotations; i++) {
			MappingBuilder refresh = post(urlEqualTo(REFRESH)).inScenario(ROTATION)
				.whenScenarioStateIs((i == 0) ? Scenario.STARTED : "rotated-" + i)
				.withRequestBody(matchingJsonPath("$.refreshToken", equalTo(this.refreshTokens.get(i))))
				.withRequestBody(matchingJsonPath("$.accessToken", equalTo(this.accessTokens.get(i))))
				.willReturn(tokens(i + 1).withFixedDelay(refreshDelayMillis))
				.willSetStateTo("rotated-" + (i + 1));
			this.wireMock.register(refresh);
		}
		this.wireMock.register(post(urlEqualTo(REFRESH)).atPriority(10).willReturn(refreshRejected()));
		return this;
	}

	public static ResponseDefinitionBuilder refreshRejected() {
		return aResponse().withStatus(401)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"success\":false,\"error\":{\"type\":\"AUTHENTICATION\","
					+ "\"message\":\"Invalid or expired refresh token\"}}");
	}

	public static ResponseDefinitionBuilder envelope(String accessToken, String refreshToken) {
		return aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"success\":true,\"data\":{\"accessToken\":\"" + accessToken + "\",\"refreshToken\":\""
					+ refreshToken + "\"}}");
	}

	private ResponseDefinitionBuilder tokens(int index) {
		return envelope(this.accessTokens.get(index), this.refreshTokens.get(index));
	}

	public String accessToken(int index) {
		return this.accessTokens.get(index);
	}

	public String refreshToken(int index) {
		return this.refreshTokens.get(index);
	}

	public int loginCount() {
		return this.wireMock.find(postRequestedFor(urlEqualTo(LOGIN))).size();
	}

	public int refreshCount() {
		return refreshRequests().size();
	}

	public List<LoggedRequest> refreshRequests() {
		return this.wireMock.find(postRequestedFor(urlEqualTo(REFRESH)));
	}

}
