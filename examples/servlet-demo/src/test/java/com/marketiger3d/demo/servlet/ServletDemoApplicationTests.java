package com.marketiger3d.demo.servlet;

import com.marketiger3d.auth.test.simulator.AutoConfigureMarketigerSimulator;
import com.marketiger3d.simulator.MarketigerSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls the demo over HTTP, the demo calls the simulator the test starter starts.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureMarketigerSimulator
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServletDemoApplicationTests {

	private static final String ORDER = "{\"modelId\":\"5d0c7a4e-3b9f-4c1e-9d2a-1f6b8e7c0a11\",\"quantity\":3}";

	@Autowired
	private ApplicationContext context;

	@Autowired
	private MarketigerSimulator simulator;

	@Value("${local.server.port}")
	private int port;

	private RestClient demo;

	@BeforeEach
	void demoClient() {
		this.demo = RestClient.create("http://localhost:" + this.port);
	}

	@Test
	void startsAsServletApplicationWithBothClients() {
		assertThat(this.context).isInstanceOf(WebApplicationContext.class);
		assertThat(this.context.getBean("marketigerRestClient")).isInstanceOf(RestClient.class);
		assertThat(this.context.getBean("marketigerWebClient")).isInstanceOf(WebClient.class);
	}

	@Test
	@Order(1)
	void callsTheApiWithOneLogin() {
		String projects = this.demo.get().uri("/projects").retrieve().body(String.class);
		String order = this.demo.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(ORDER)
			.retrieve()
			.body(String.class);

		assertThat(projects).contains("\"projects\"").contains("\"projectId\"");
		assertThat(order).contains("\"orderId\"").contains("\"quantity\":3");
		assertThat(this.simulator.counters().logins()).isOne();
	}

	@Test
	void revokedTokenIsRefreshedAndTheCallReplayed() {
		this.demo.get().uri("/projects").retrieve().body(String.class);
		long logins = this.simulator.counters().logins();
		long refreshes = this.simulator.counters().refreshes();
		this.simulator.revokeAccessTokens();

		String order = this.demo.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(ORDER)
			.retrieve()
			.body(String.class);

		assertThat(order).contains("\"quantity\":3");
		assertThat(this.simulator.counters().refreshes()).isEqualTo(refreshes + 1);
		assertThat(this.simulator.counters().logins()).isEqualTo(logins);
	}

}
