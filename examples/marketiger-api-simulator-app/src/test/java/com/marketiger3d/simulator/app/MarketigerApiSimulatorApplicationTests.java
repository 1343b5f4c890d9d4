package com.marketiger3d.simulator.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.marketiger3d.simulator.FaultKind;
import com.marketiger3d.simulator.MarketigerSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link MarketigerApiSimulatorApplication}: the standalone simulator,
 * configured with properties.
 */
@SpringBootTest(properties = { "marketiger.simulator.port=0",
		"marketiger.simulator.accounts[0].email=tester@example.com", "marketiger.simulator.accounts[0].password=s3cret",
		"marketiger.simulator.access-token-lifetime=5m", "marketiger.simulator.faults.error-kinds=TOO_MANY_REQUESTS" })
class MarketigerApiSimulatorApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	private MarketigerSimulator simulator;

	@Test
	void servesTheApiWithTheConfiguredAccounts() throws Exception {
		assertThat(this.simulator.baseUrl()).startsWith("http://127.0.0.1:");
		assertThat(login("demo@marketiger3d.test", "demo-password").statusCode()).isEqualTo(400);
		HttpResponse<String> login = login("tester@example.com", "s3cret");
		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(login.body()).contains("\"accessToken\"");
		assertThat(this.simulator.counters().logins()).isOne();
	}

	@Test
	void servesTheAdminEndpointsWithTheConfiguredFaults() throws Exception {
		HttpResponse<String> faults = this.http.send(
				HttpRequest.newBuilder(URI.create(this.simulator.adminUrl() + "/faults")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(faults.body()).contains("\"errorKinds\":[\"TOO_MANY_REQUESTS\"]");
		assertThat(this.simulator.faults().errorKinds()).containsExactly(FaultKind.TOO_MANY_REQUESTS);
	}

	@Test
	void invalidPropertiesStopTheApplication() {
		SpringApplication application = new SpringApplication(MarketigerApiSimulatorApplication.class);
		assertThatException().isThrownBy(
				() -> application.run("--marketiger.simulator.port=0", "--marketiger.simulator.faults.error-rate=2"))
			.withStackTraceContaining("Invalid marketiger.simulator properties: errorRate must be between 0 and 1");
	}

	private HttpResponse<String> login(String email, String password) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.simulator.baseUrl() + "/Auth/Login"))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
