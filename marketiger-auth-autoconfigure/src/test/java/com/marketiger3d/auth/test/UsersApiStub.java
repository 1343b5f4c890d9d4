package com.marketiger3d.auth.test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * Plays Login and RefreshToken for several users, each with its own e-mail and token
 * chain, as strictly as {@link AuthApiStub}: each refresh token is accepted once, in
 * order.
 */
public final class UsersApiStub {

	public static final String PASSWORD = "user-password";

	private final WireMock wireMock;

	private final Duration lifetime;

	private final Map<String, List<String>> accessTokens = new HashMap<>();

	private final Map<String, List<String>> refreshTokens = new HashMap<>();

	public UsersApiStub(WireMock wireMock, Duration lifetime) {
		this.wireMock = wireMock;
		this.lifetime = lifetime;
		this.wireMock
			.register(post(urlEqualTo(AuthApiStub.REFRESH)).atPriority(10).willReturn(AuthApiStub.refreshRejected()));
		this.wireMock.register(post(urlEqualTo(AuthApiStub.LOGIN)).atPriority(10)
			.willReturn(WireMock.aResponse()
				.withStatus(400)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"success\":false,\"error\":{\"type\":\"AUTHENTICATION\","
						+ "\"message\":\"Username or Password are incorrect.\"}}")));
	}

	public static String email(String user) {
		return user + "@users.test";
	}

	/**
	 * Login with the user's e-mail answers pair 0; refresh token {@code i} is accepted
	 * once and answered with pair {@code i + 1}.
	 */
	public UsersApiStub user(String user, int rotations) {
		List<String> access = new ArrayList<>();
		List<String> refresh = new ArrayList<>();
		for (int i = 0; i <= rotations; i++) {
			access.add(TestJwts.issued(Instant.parse("2026-01-01T00:00:00Z"), this.lifetime));
			refresh.add("refresh-" + user + "-" + i);
		}
		this.accessTokens.put(user, access);
		this.refreshTokens.put(user, refresh);
		this.wireMock.register(
				post(urlEqualTo(AuthApiStub.LOGIN)).withRequestBody(matchingJsonPath("$.email", equalTo(email(user))))
					.withRequestBody(matchingJsonPath("$.password", equalTo(PASSWORD)))
					.willReturn(AuthApiStub.envelope(access.get(0), refresh.get(0))));
		for (int i = 0; i < rotations; i++) {
			this.wireMock.register(post(urlEqualTo(AuthApiStub.REFRESH)).inScenario("rotation-" + user)
				.whenScenarioStateIs((i == 0) ? Scenario.STARTED : "rotated-" + i)
				.withRequestBody(matchingJsonPath("$.refreshToken", equalTo(refresh.get(i))))
				.willReturn(AuthApiStub.envelope(access.get(i + 1), refresh.get(i + 1)).withFixedDelay(100))
				.willSetStateTo("rotated-" + (i + 1)));
		}
		return this;
	}

	public String accessToken(String user, int index) {
		return this.accessTokens.get(user).get(index);
	}

	public int loginCount(String user) {
		return this.wireMock
			.find(postRequestedFor(urlEqualTo(AuthApiStub.LOGIN))
				.withRequestBody(matchingJsonPath("$.email", equalTo(email(user)))))
			.size();
	}

	public int refreshCount(String user) {
		return this.wireMock
			.find(postRequestedFor(urlEqualTo(AuthApiStub.REFRESH))
				.withRequestBody(matchingJsonPath("$.refreshToken", WireMock.matching("refresh-" + user + "-.*"))))
			.size();
	}

}
