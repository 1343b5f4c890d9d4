package com.marketiger3d.simulator;

import com.marketiger3d.simulator.SimulatorClient.Tokens;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link MarketigerApiSimulatorApplication}: the standalone simulator,
 * configured with properties.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "marketiger.simulator.accounts[0].email=tester@example.com",
				"marketiger.simulator.accounts[0].password=s3cret", "marketiger.simulator.access-token-lifetime=5m",
				"marketiger.simulator.faults.error-kinds=TOO_MANY_REQUESTS" })
class MarketigerApiSimulatorApplicationTests {

	@LocalServerPort
	private int port;

	@Test
	void servesTheApiWithTheConfiguredAccountsAndLifetimes() throws Exception {
		SimulatorClient client = client();
		assertThat(client.login("demo@marketiger3d.test", "demo-password").status()).isEqualTo(400);
		Tokens tokens = client.login("tester@example.com", "s3cret").tokens();
		assertThat(tokens.claims().getExpirationTime().getTime() - tokens.claims().getIssueTime().getTime())
			.isEqualTo(300_000);
		assertThat(client.getProjects(tokens.accessToken()).status()).isEqualTo(200);
		assertThat(client.refresh(tokens).status()).isEqualTo(200);
	}

	@Test
	void servesTheAdminEndpoints() {
		assertThat(client().adminGet("/faults").json().path("errorKinds").get(0).asString())
			.isEqualTo("TOO_MANY_REQUESTS");
		assertThat(client().adminGet("/counters").status()).isEqualTo(200);
	}

	@Test
	void invalidPropertiesStopTheApplication() {
		SpringApplicationBuilder application = new SpringApplicationBuilder(MarketigerApiSimulatorApplication.class)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "marketiger.simulator.faults.error-rate=2");
		assertThatException().isThrownBy(application::run)
			.withStackTraceContaining("Invalid marketiger.simulator properties: errorRate must be between 0 and 1");
	}

	private SimulatorClient client() {
		String root = "http://127.0.0.1:" + this.port;
		return new SimulatorClient(root + "/v2", root + "/admin");
	}

}
