package com.marketiger3d.auth.test.simulator.shop;

import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.test.simulator.AutoConfigureMarketigerSimulator;
import com.marketiger3d.auth.token.TokenSessions;
import com.marketiger3d.auth.web.ReconnectExceptionHandler;
import com.marketiger3d.simulator.MarketigerSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AutoConfigureMarketigerSimulator} in a {@code @WebMvcTest}: the slice
 * gets {@code marketigerRestClient}, pointed at the simulator, the user sessions of
 * {@code per-user} mode, and the answer to a user who is not connected
 * ({@code sessions.connect-uri}).
 */
@WebMvcTest(controllers = UserProjectsController.class,
		properties = { "marketiger.auth.mode=per-user", "marketiger.auth.sessions.connect-uri=/connect" })
@AutoConfigureMarketigerSimulator(accounts = "buyer@example.test:buyer-password", serviceAccount = false)
class AutoConfigureMarketigerSimulatorWebMvcTests {

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private TokenSessions sessions;

	@Autowired
	private MarketigerSimulator simulator;

	@Test
	void aConnectedUsersCallsGoThroughTheSimulatorWithTheirSession() {
		this.sessions.connect("buyer", new Credentials("buyer@example.test", "buyer-password")).block();
		assertThat(this.mvc.get().uri("/users/buyer/projects")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.data.projects")
			.asArray()
			.hasSize(3);
		assertThat(this.mvc.get().uri("/users/buyer/projects")).hasStatusOk();
		assertThat(this.simulator.counters().logins()).isOne();
		assertThat(this.simulator.counters().apiCallsOk()).isEqualTo(2);
	}

	@Test
	void aBrowserOfAUserWhoIsNotConnectedIsRedirectedToTheConnectPage() {
		MvcTestResult result = this.mvc.get()
			.uri("/users/stranger/projects")
			.header(HttpHeaders.ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8")
			.exchange();
		assertThat(result).hasStatus(HttpStatus.SEE_OTHER).hasHeader(HttpHeaders.LOCATION, "/connect");
		assertThat(this.simulator.counters().apiCallsOk() + this.simulator.counters().apiCallsUnauthorized())
			.as("no request without a token reaches the API")
			.isZero();
	}

	@Test
	void anotherClientOfAUserWhoIsNotConnectedGetsAProblemDetailNamingTheConnectPage() {
		MvcTestResult result = this.mvc.get()
			.uri("/users/stranger/projects")
			.accept(MediaType.APPLICATION_JSON)
			.exchange();
		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.title").isEqualTo(ReconnectExceptionHandler.TITLE);
		assertThat(result).bodyJson().extractingPath("$.connectUri").isEqualTo("/connect");
		assertThat(result).bodyJson()
			.extractingPath("$.detail")
			.asString()
			.isEqualTo("Connect the MarkeTiger account to go on.");
	}

}
