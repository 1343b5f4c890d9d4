package com.marketiger3d.simulator;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import com.marketiger3d.simulator.SimulatorClient.Answer;
import com.marketiger3d.simulator.SimulatorClient.Tokens;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AuthHandler}: Login and RefreshToken over HTTP.
 */
class AuthHandlerTests {

	@RegisterExtension
	final RunningSimulator running = new RunningSimulator();

	@Test
	void loginWithDemoAccountAnswersSignedJwtAndOpaqueRefreshToken() throws Exception {
		Answer answer = this.running.client().login("demo@marketiger3d.test", "demo-password");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(answer.json().path("success").booleanValue()).isTrue();
		Tokens tokens = answer.tokens();
		JWTClaimsSet claims = tokens.claims();
		assertThat(claims.getSubject()).isEqualTo("demo@marketiger3d.test");
		assertThat(claims.getJWTID()).isNotBlank();
		assertThat(claims.getStringClaim("sid")).isNotBlank();
		assertThat(claims.getIssueTime().toInstant()).isEqualTo(this.running.clock().instant());
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(this.running.clock().instant().plusSeconds(30));
		assertThat(tokens.refreshToken()).hasSizeGreaterThanOrEqualTo(32).doesNotContain(".");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void neitherPasswordsNorTokensReachTheLogAtDebug(CapturedOutput output) {
		String wrongPassword = "canary-wrong-password-61d0";
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel("org.springframework", LogLevel.DEBUG);
		Tokens tokens;
		Tokens renewed;
		try {
			tokens = this.running.client().login();
			renewed = this.running.client().refresh(tokens).tokens();
			assertThat(this.running.client().login(SimulatorSettings.DEMO_ACCOUNT.email(), wrongPassword).status())
				.isEqualTo(400);
		}
		finally {
			logging.setLogLevel("org.springframework", null);
		}
		assertThat(output).as("the HTTP exchanges are logged").contains("/v2/Auth/RefreshToken");
		assertThat(output).doesNotContain(SimulatorSettings.DEMO_ACCOUNT.password())
			.doesNotContain(wrongPassword)
			.doesNotContain(tokens.accessToken())
			.doesNotContain(tokens.refreshToken())
			.doesNotContain(renewed.accessToken())
			.doesNotContain(renewed.refreshToken());
	}

	@Test
	void loginIgnoresTheCaseOfTheEmail() {
		assertThat(this.running.client().login("Demo@MarkeTiger3D.test", "demo-password").status()).isEqualTo(200);
	}

	@Test
	void loginWithWrongPasswordAnswers400Authentication() {
		Answer answer = this.running.client().login("demo@marketiger3d.test", "wrong");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.json().path("success").booleanValue()).isFalse();
		assertThat(answer.errorType()).isEqualTo("AUTHENTICATION");
		assertThat(answer.errorMessage()).isEqualTo("Username or Password are incorrect.");
	}

	@Test
	void loginWithUnknownEmailAnswers400Authentication() {
		Answer answer = this.running.client().login("nobody@marketiger3d.test", "demo-password");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.errorType()).isEqualTo("AUTHENTICATION");
	}

	@Test
	void loginWithoutPasswordAnswers400IncorrectParameters() {
		Answer answer = this.running.client().post("/Auth/Login", null, "{\"email\":\"demo@marketiger3d.test\"}");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.errorType()).isEqualTo("INCORRECT_PARAMETERS");
	}

	@Test
	void loginWithMalformedJsonAnswers400IncorrectParameters() {
		Answer answer = this.running.client().post("/Auth/Login", null, "{\"email\":");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.errorType()).isEqualTo("INCORRECT_PARAMETERS");
	}

	@Test
	void loginWithoutJsonContentTypeAnswers400IncorrectParameters() {
		Answer answer = this.running.client()
			.send(HttpRequest.newBuilder(URI.create(this.running.simulator().baseUrl() + "/Auth/Login"))
				.header("Content-Type", "text/plain")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"email\":\"demo@marketiger3d.test\",\"password\":\"demo-password\"}"))
				.build());
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.errorType()).isEqualTo("INCORRECT_PARAMETERS");
	}

	@Test
	void loginAcceptsOnlyConfiguredAccounts() {
		try (MarketigerSimulator other = MarketigerSimulator
			.start(SimulatorSettings.builder().accounts(new Account("tester@example.com", "s3cret")).build())) {
			SimulatorClient client = new SimulatorClient(other);
			assertThat(client.login("tester@example.com", "s3cret").status()).isEqualTo(200);
			assertThat(client.login("demo@marketiger3d.test", "demo-password").status()).isEqualTo(400);
		}
	}

	@Test
	void everyLoginOpensItsOwnSession() throws Exception {
		Tokens first = this.running.client().login();
		Tokens second = this.running.client().login();
		assertThat(first.claims().getStringClaim("sid")).isNotEqualTo(second.claims().getStringClaim("sid"));
	}

	@Test
	void refreshAnswersNewPairEveryTimeInTheSameSession() throws Exception {
		Tokens tokens = this.running.client().login();
		String session = tokens.claims().getStringClaim("sid");
		Set<String> refreshTokens = new HashSet<>(Set.of(tokens.refreshToken()));
		Set<String> accessTokens = new HashSet<>(Set.of(tokens.accessToken()));
		for (int i = 0; i < 3; i++) {
			tokens = this.running.client().refresh(tokens).tokens();
			assertThat(refreshTokens.add(tokens.refreshToken())).isTrue();
			assertThat(accessTokens.add(tokens.accessToken())).isTrue();
			assertThat(tokens.claims().getStringClaim("sid")).isEqualTo(session);
		}
	}

	@Test
	void refreshWithUsedRefreshTokenAnswers401() {
		Tokens first = this.running.client().login();
		this.running.client().refresh(first).tokens();
		Answer answer = this.running.client().refresh(first);
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.json().path("success").booleanValue()).isFalse();
		assertThat(answer.errorType()).isEqualTo("AUTHENTICATION");
		assertThat(answer.errorMessage()).isEqualTo("Invalid or expired refresh token");
	}

	@Test
	void reusingUsedRefreshTokenRevokesEveryTokenOfTheSession() {
		Tokens first = this.running.client().login();
		Tokens second = this.running.client().refresh(first).tokens();
		Tokens third = this.running.client().refresh(second).tokens();
		assertThat(this.running.client().getProjects(third.accessToken()).status()).isEqualTo(200);
		assertThat(this.running.client().refresh(first).status()).isEqualTo(401);
		assertThat(this.running.client().getProjects(third.accessToken()).status()).isEqualTo(401);
		assertThat(this.running.client().getProjects(second.accessToken()).status()).isEqualTo(401);
		assertThat(this.running.client().refresh(third).status()).isEqualTo(401);
		assertThat(this.running.simulator().counters().rejectedRefreshes(RefreshRejection.REVOKED)).isEqualTo(1);
	}

	@Test
	void revokingOneSessionLeavesOtherSessionsAlone() {
		Tokens stolen = this.running.client().login();
		Tokens other = this.running.client().login();
		this.running.client().refresh(stolen).tokens();
		this.running.client().refresh(stolen);
		assertThat(this.running.client().getProjects(other.accessToken()).status()).isEqualTo(200);
		assertThat(this.running.client().refresh(other).status()).isEqualTo(200);
	}

	@Test
	void refreshTokenExpiresTwelveHoursAfterItIsIssued() {
		Tokens tokens = this.running.client().login();
		this.running.clock().advance(Duration.ofHours(12).minusSeconds(1));
		Tokens renewed = this.running.client().refresh(tokens).tokens();
		this.running.clock().advance(Duration.ofHours(12));
		Answer answer = this.running.client().refresh(renewed);
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.errorMessage()).isEqualTo("Invalid or expired refresh token");
		assertThat(this.running.simulator().counters().rejectedRefreshes(RefreshRejection.EXPIRED)).isEqualTo(1);
	}

	@Test
	void refreshTokenLifetimeIsConfigurable() {
		try (MarketigerSimulator other = MarketigerSimulator.start(SimulatorSettings.builder()
			.clock(this.running.clock())
			.refreshTokenLifetime(Duration.ofMinutes(5))
			.build())) {
			SimulatorClient client = new SimulatorClient(other);
			Tokens tokens = client.login();
			this.running.clock().advance(Duration.ofMinutes(5));
			assertThat(client.refresh(tokens).status()).isEqualTo(401);
		}
	}

	@Test
	void refreshWithExpiredAccessTokenWorks() {
		Tokens tokens = this.running.client().login();
		this.running.clock().advance(Duration.ofMinutes(10));
		assertThat(this.running.client().refresh(tokens).status()).isEqualTo(200);
	}

	@Test
	void refreshWithUnknownRefreshTokenAnswers401() {
		Tokens tokens = this.running.client().login();
		Answer answer = this.running.client().refresh(tokens.accessToken(), "not-a-refresh-token");
		assertThat(answer.status()).isEqualTo(401);
		assertThat(this.running.simulator().counters().rejectedRefreshes(RefreshRejection.UNKNOWN)).isEqualTo(1);
	}

	@Test
	void refreshWithAnotherPairsAccessTokenAnswers401AndKeepsTheRefreshTokenUsable() {
		Tokens tokens = this.running.client().login();
		Tokens other = this.running.client().login();
		assertThat(this.running.client().refresh(other.accessToken(), tokens.refreshToken()).status()).isEqualTo(401);
		assertThat(this.running.client().refresh("not-a-jwt", tokens.refreshToken()).status()).isEqualTo(401);
		assertThat(this.running.simulator().counters().rejectedRefreshes(RefreshRejection.ACCESS_TOKEN_MISMATCH))
			.isEqualTo(2);
		assertThat(this.running.client().refresh(tokens).status()).isEqualTo(200);
	}

	@Test
	void refreshWithoutRefreshTokenAnswers400IncorrectParameters() {
		Tokens tokens = this.running.client().login();
		Answer answer = this.running.client()
			.post("/Auth/RefreshToken", null, "{\"accessToken\":\"" + tokens.accessToken() + "\"}");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.errorType()).isEqualTo("INCORRECT_PARAMETERS");
	}

	@Test
	void refreshIgnoresTheAuthorizationHeader() {
		Tokens tokens = this.running.client().login();
		Answer answer = this.running.client()
			.post("/Auth/RefreshToken", "some-other-token", "{\"accessToken\":\"" + tokens.accessToken()
					+ "\",\"refreshToken\":\"" + tokens.refreshToken() + "\"}");
		assertThat(answer.status()).isEqualTo(200);
	}

}
