package com.marketiger3d.auth.test.simulator.shop;

import java.util.Map;

import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.test.simulator.AutoConfigureMarketigerSimulator;
import com.marketiger3d.auth.token.TokenSessions;
import com.marketiger3d.simulator.MarketigerSimulator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.restclient.test.autoconfigure.AutoConfigureMockRestServiceServer;
import org.springframework.boot.restclient.test.autoconfigure.RestClientTest;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.NestedTestConfiguration;
import org.springframework.test.context.NestedTestConfiguration.EnclosingConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that each test slice the starter takes part in starts with
 * {@code marketiger.auth.ssl.bundle} set: the slices bring Spring Boot's SSL and HTTP
 * client auto-configurations along, which the auth client's settings need.
 */
@NestedTestConfiguration(EnclosingConfiguration.OVERRIDE)
class SslBundleInSlicesTests {

	private static final String BUNDLE = "marketiger.auth.ssl.bundle=corporate";

	private static final String TRUST = "spring.ssl.bundle.pem.corporate.truststore.certificate=classpath:ssl/ca.crt";

	@Nested
	@WebMvcTest(controllers = UserProjectsController.class,
			properties = { "marketiger.auth.mode=per-user", BUNDLE, TRUST })
	@AutoConfigureMarketigerSimulator(accounts = "buyer@example.test:buyer-password", serviceAccount = false)
	class WebMvc {

		@Autowired
		private MockMvcTester mvc;

		@Autowired
		private SslBundles bundles;

		@Autowired
		private TokenSessions sessions;

		@Test
		void webMvcTestWithAnSslBundleStartsAndCallsTheApi() {
			assertThat(this.bundles.getBundleNames()).contains("corporate");
			this.sessions.connect("buyer", new Credentials("buyer@example.test", "buyer-password")).block();
			assertThat(this.mvc.get().uri("/users/buyer/projects")).hasStatusOk();
		}

	}

	@Nested
	@WebFluxTest(value = OrderController.class, properties = { BUNDLE, TRUST })
	@Import(Orders.class)
	@AutoConfigureMarketigerSimulator
	class WebFlux {

		@Autowired
		private WebTestClient web;

		@Autowired
		private MarketigerSimulator simulator;

		@Test
		void webFluxTestWithAnSslBundleStartsAndCallsTheApi() {
			this.web.post()
				.uri("/orders")
				.bodyValue(Map.of("modelId", "m-1", "quantity", 1))
				.exchange()
				.expectStatus()
				.isOk();
			assertThat(this.simulator.counters().logins()).isOne();
		}

	}

	@Nested
	@RestClientTest(value = Projects.class, properties = { BUNDLE, TRUST })
	@AutoConfigureMockRestServiceServer(enabled = false)
	@AutoConfigureMarketigerSimulator
	class RestClient {

		@Autowired
		private Projects projects;

		@Autowired
		private MarketigerSimulator simulator;

		@Test
		void restClientTestWithAnSslBundleStartsAndCallsTheApi() {
			assertThat(this.projects.all()).containsEntry("success", true);
			assertThat(this.simulator.counters().logins()).isOne();
		}

	}

}
