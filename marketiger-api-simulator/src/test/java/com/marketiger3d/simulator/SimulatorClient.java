package com.marketiger3d.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls a running simulator over real HTTP, the way a client of the API would.
 */
final class SimulatorClient {

	private static final JsonMapper json = JsonMapper.builder().build();

	/** No answer in this time fails the test instead of holding the build. */
	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String baseUrl;

	private final String adminUrl;

	SimulatorClient(MarketigerSimulator simulator) {
		this(simulator.baseUrl(), simulator.adminUrl());
	}

	SimulatorClient(String baseUrl, String adminUrl) {
		this.baseUrl = baseUrl;
		this.adminUrl = adminUrl;
	}

	Answer login(String email, String password) {
		return post("/Auth/Login", null,
				json.createObjectNode().put("email", email).put("password", password).toString());
	}

	/**
	 * Log in with the demo account and expect it to work.
	 * @return the issued pair
	 */
	Tokens login() {
		return login(SimulatorSettings.DEMO_ACCOUNT.email(), SimulatorSettings.DEMO_ACCOUNT.password()).tokens();
	}

	Answer refresh(String accessToken, String refreshToken) {
		return post("/Auth/RefreshToken", null,
				json.createObjectNode().put("accessToken", accessToken).put("refreshToken", refreshToken).toString());
	}

	Answer refresh(Tokens tokens) {
		return refresh(tokens.accessToken(), tokens.refreshToken());
	}

	Answer getProjects(String accessToken) {
		return get("/Project/GetProjects", accessToken);
	}

	Answer get(String path, @Nullable String accessToken) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET();
		if (accessToken != null) {
			request.header("Authorization", "Bearer " + accessToken);
		}
		return send(request.build());
	}

	Answer post(String path, @Nullable String accessToken, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (accessToken != null) {
			request.header("Authorization", "Bearer " + accessToken);
		}
		return send(request.build());
	}

	Answer adminGet(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.adminUrl + path)).GET().build());
	}

	Answer adminPost(String path, String body) {
		return send(HttpRequest.newBuilder(URI.create(this.adminUrl + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	Answer send(HttpRequest request) {
		try {
			HttpRequest timed = request.timeout().isPresent() ? request
					: HttpRequest.newBuilder(request, (name, value) -> true).timeout(REQUEST_TIMEOUT).build();
			HttpResponse<String> response = this.http.send(timed, HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static JsonNode parse(String content) {
		return json.readTree(content);
	}

	static JWTClaimsSet claims(String accessToken) {
		try {
			return SignedJWT.parse(accessToken).getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("Not a JWT", ex);
		}
	}

	/**
	 * A status, headers and body as received.
	 */
	record Answer(int status, HttpHeaders headers, String body) {

		JsonNode json() {
			return parse(this.body);
		}

		String errorType() {
			return json().path("error").path("type").asString();
		}

		String errorMessage() {
			return json().path("error").path("message").asString();
		}

		/**
		 * Expect a successful token answer and read it.
		 * @return the pair
		 */
		Tokens tokens() {
			assertThat(this.status).as(this.body).isEqualTo(200);
			JsonNode data = json().path("data");
			return new Tokens(data.path("accessToken").asString(), data.path("refreshToken").asString());
		}

	}

	record Tokens(String accessToken, String refreshToken) {

		JWTClaimsSet claims() {
			return SimulatorClient.claims(this.accessToken);
		}

	}

}
