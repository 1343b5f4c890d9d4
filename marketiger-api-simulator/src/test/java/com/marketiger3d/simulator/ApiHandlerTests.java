package com.marketiger3d.simulator;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.marketiger3d.simulator.SimulatorClient.Answer;
import com.marketiger3d.simulator.SimulatorClient.Tokens;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ApiHandler}: the Bearer-protected endpoints over HTTP.
 */
class ApiHandlerTests {

	@RegisterExtension
	final RunningSimulator running = new RunningSimulator();

	@Test
	void getProjectsWithValidAccessTokenAnswersProjects() {
		Answer answer = this.running.client().getProjects(this.running.client().login().accessToken());
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().path("success").booleanValue()).isTrue();
		JsonNode projects = answer.json().path("data").path("projects");
		assertThat(projects.size()).isEqualTo(3);
		assertThat(projects.get(0).path("projectId").asString()).matches("[0-9a-f-]{36}");
		assertThat(projects.get(0).path("name").asString()).isEqualTo("Showroom");
	}

	@Test
	void eachAccountSeesItsOwnProjectsAndModels() {
		Account alice = new Account("alice@example.test", "alice-password");
		Account bob = new Account("bob@example.test", "bob-password");
		try (MarketigerSimulator simulator = MarketigerSimulator
			.start(SimulatorSettings.builder().clock(this.running.clock()).accounts(alice, bob).build())) {
			SimulatorClient client = new SimulatorClient(simulator);
			String aliceToken = client.login(alice.email(), alice.password()).tokens().accessToken();
			String bobToken = client.login(bob.email(), bob.password()).tokens().accessToken();
			JsonNode aliceProjects = client.getProjects(aliceToken).json().path("data").path("projects");
			JsonNode bobProjects = client.getProjects(bobToken).json().path("data").path("projects");
			assertThat(values(aliceProjects, "name")).containsExactly("Showroom", "Spring Collection", "Trade Fair")
				.isEqualTo(values(bobProjects, "name"));
			assertThat(values(aliceProjects, "projectId"))
				.doesNotContainAnyElementsOf(values(bobProjects, "projectId"));
			JsonNode aliceModels = client.get("/Model3D/GetModels?pageSize=100", aliceToken)
				.json()
				.path("data")
				.path("models");
			JsonNode bobModels = client.get("/Model3D/GetModels?pageSize=100", bobToken)
				.json()
				.path("data")
				.path("models");
			assertThat(values(aliceModels, "modelId")).hasSize(20)
				.doesNotContainAnyElementsOf(values(bobModels, "modelId"));
			assertThat(values(aliceModels, "projectId"))
				.allSatisfy((projectId) -> assertThat(values(aliceProjects, "projectId")).contains(projectId));
		}
	}

	@Test
	void projectIdsAreTheSameInEveryRunWhateverTheEmailsCase() {
		Account upperCase = new Account(SimulatorSettings.DEMO_ACCOUNT.email().toUpperCase(Locale.ROOT),
				SimulatorSettings.DEMO_ACCOUNT.password());
		try (MarketigerSimulator other = MarketigerSimulator
			.start(SimulatorSettings.builder().clock(this.running.clock()).accounts(upperCase).build())) {
			SimulatorClient otherClient = new SimulatorClient(other);
			String otherToken = otherClient.login(upperCase.email(), upperCase.password()).tokens().accessToken();
			JsonNode here = this.running.client()
				.getProjects(this.running.client().login().accessToken())
				.json()
				.path("data")
				.path("projects");
			JsonNode there = otherClient.getProjects(otherToken).json().path("data").path("projects");
			assertThat(values(here, "projectId")).hasSize(3).isEqualTo(values(there, "projectId"));
		}
	}

	@Test
	void getProjectsWithoutAccessTokenAnswers401Authentication() {
		Answer answer = this.running.client().getProjects(null);
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.json().path("success").booleanValue()).isFalse();
		assertThat(answer.errorType()).isEqualTo("AUTHENTICATION");
		assertThat(answer.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer"));
	}

	@Test
	void getProjectsWithMalformedAuthorizationAnswers401() {
		Tokens tokens = this.running.client().login();
		assertThat(this.running.client().getProjects("not-a-jwt").status()).isEqualTo(401);
		assertThat(this.running.client().getProjects(tokens.refreshToken()).status()).isEqualTo(401);
		Answer basic = this.running.client()
			.send(HttpRequest.newBuilder(URI.create(this.running.simulator().baseUrl() + "/Project/GetProjects"))
				.header("Authorization", "Basic " + tokens.accessToken())
				.build());
		assertThat(basic.status()).isEqualTo(401);
	}

	@Test
	void getProjectsWithTokenSignedElsewhereAnswers401() {
		try (MarketigerSimulator other = MarketigerSimulator
			.start(SimulatorSettings.builder().clock(this.running.clock()).build())) {
			String foreign = new SimulatorClient(other).login().accessToken();
			assertThat(this.running.client().getProjects(foreign).status()).isEqualTo(401);
		}
	}

	@Test
	void getProjectsWithUnsignedTokenAnswers401() {
		JWTClaimsSet claims = this.running.client().login().claims();
		String unsigned = new PlainJWT(claims).serialize();
		assertThat(this.running.client().getProjects(unsigned).status()).isEqualTo(401);
	}

	@Test
	void getProjectsWithExpiredAccessTokenAnswers401() {
		String accessToken = this.running.client().login().accessToken();
		this.running.clock().advance(Duration.ofSeconds(29));
		assertThat(this.running.client().getProjects(accessToken).status()).isEqualTo(200);
		this.running.clock().advance(Duration.ofSeconds(1));
		Answer answer = this.running.client().getProjects(accessToken);
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.errorType()).isEqualTo("AUTHENTICATION");
	}

	@Test
	void accessTokenLifetimeIsConfigurable() throws Exception {
		try (MarketigerSimulator other = MarketigerSimulator.start(SimulatorSettings.builder()
			.clock(this.running.clock())
			.accessTokenLifetime(Duration.ofMinutes(5))
			.build())) {
			SimulatorClient client = new SimulatorClient(other);
			Tokens tokens = client.login();
			assertThat(tokens.claims().getExpirationTime().toInstant())
				.isEqualTo(this.running.clock().instant().plusSeconds(300));
			this.running.clock().advance(Duration.ofMinutes(4));
			assertThat(client.getProjects(tokens.accessToken()).status()).isEqualTo(200);
		}
	}

	@Test
	void revokedAccessTokensAnswer401WhileTheirRefreshTokensStillWork() {
		Tokens tokens = this.running.client().login();
		assertThat(this.running.simulator().revokeAccessTokens()).isEqualTo(1);
		assertThat(this.running.client().getProjects(tokens.accessToken()).status()).isEqualTo(401);
		Tokens renewed = this.running.client().refresh(tokens).tokens();
		assertThat(this.running.client().getProjects(renewed.accessToken()).status()).isEqualTo(200);
	}

	@Test
	void getModelsAnswersPagesOfModels() {
		String accessToken = this.running.client().login().accessToken();
		JsonNode first = this.running.client()
			.get("/Model3D/GetModels?page=1&pageSize=8", accessToken)
			.json()
			.path("data");
		assertThat(first.path("models").size()).isEqualTo(8);
		assertThat(first.path("page").intValue()).isEqualTo(1);
		assertThat(first.path("pageSize").intValue()).isEqualTo(8);
		assertThat(first.path("totalCount").intValue()).isEqualTo(20);
		assertThat(first.path("models").get(0).path("name").asString()).isEqualTo("Model 01");
		JsonNode last = this.running.client()
			.get("/Model3D/GetModels?page=3&pageSize=8", accessToken)
			.json()
			.path("data");
		assertThat(last.path("models").size()).isEqualTo(4);
		assertThat(last.path("models").get(0).path("name").asString()).isEqualTo("Model 17");
		JsonNode past = this.running.client()
			.get("/Model3D/GetModels?page=4&pageSize=8", accessToken)
			.json()
			.path("data");
		assertThat(past.path("models").size()).isZero();
	}

	@Test
	void getModelsWithoutPagingUsesFirstPageOfEight() {
		Answer answer = this.running.client().get("/Model3D/GetModels", this.running.client().login().accessToken());
		assertThat(answer.json().path("data").path("models").size()).isEqualTo(8);
	}

	@Test
	void getModelsWithInvalidPagingAnswers400IncorrectParameters() {
		String accessToken = this.running.client().login().accessToken();
		for (String query : new String[] { "page=0", "page=x", "pageSize=0", "pageSize=101" }) {
			Answer answer = this.running.client().get("/Model3D/GetModels?" + query, accessToken);
			assertThat(answer.status()).as(query).isEqualTo(400);
			assertThat(answer.errorType()).as(query).isEqualTo("INCORRECT_PARAMETERS");
		}
	}

	@Test
	void getModelsWithoutAccessTokenAnswers401() {
		assertThat(this.running.client().get("/Model3D/GetModels?page=1&pageSize=8", null).status()).isEqualTo(401);
	}

	@Test
	void createOrderEchoesTheBodyItReceived() {
		String order = "{\"modelId\":\"5f0c7a2e-1111-4c3b-9a51-000000000001\",\"quantity\":2,\"note\":\"gift\"}";
		Answer answer = this.running.client()
			.post("/Order/CreateOrder", this.running.client().login().accessToken(), order);
		assertThat(answer.status()).isEqualTo(200);
		JsonNode data = answer.json().path("data");
		assertThat(data.path("orderId").asString()).matches("[0-9a-f-]{36}");
		assertThat(data.path("received")).isEqualTo(SimulatorClient.parse(order));
	}

	@Test
	void createOrderWithoutJsonObjectAnswers400IncorrectParameters() {
		Answer answer = this.running.client()
			.post("/Order/CreateOrder", this.running.client().login().accessToken(), "[1, 2");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.errorType()).isEqualTo("INCORRECT_PARAMETERS");
	}

	@Test
	void createOrderChecksTheAccessTokenBeforeTheBody() {
		assertThat(this.running.client().post("/Order/CreateOrder", "expired-or-not", "not json").status())
			.isEqualTo(401);
	}

	private static List<String> values(JsonNode array, String field) {
		List<String> values = new ArrayList<>();
		array.forEach((element) -> values.add(element.path(field).asString()));
		return values;
	}

}
