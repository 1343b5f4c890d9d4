package com.marketiger3d.auth.web;

import java.net.URI;

import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import com.marketiger3d.auth.autoconfigure.MarketigerAuthReconnectAutoConfiguration;
import com.marketiger3d.auth.token.MarketigerAccountNotConnectedException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for {@link ReconnectExceptionHandler} on WebFlux and Spring MVC, wired by
 * {@link MarketigerAuthReconnectAutoConfiguration}.
 */
class ReconnectExceptionHandlerTests {

	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MarketigerAuthReconnectAutoConfiguration.class))
		.withPropertyValues("marketiger.auth.mode=per-user",
				"marketiger.auth.sessions.connect-uri=/connect?reconnect=true");

	private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MarketigerAuthReconnectAutoConfiguration.class))
		.withPropertyValues("marketiger.auth.mode=per-user",
				"marketiger.auth.sessions.connect-uri=/connect?reconnect=true");

	@Test
	void webFluxBrowserIsRedirectedToTheConnectPage() {
		this.reactive.withUserConfiguration(WebFluxApp.class).run((context) -> {
			WebTestClient web = WebTestClient.bindToApplicationContext(context).build();
			web.get()
				.uri("/projects")
				.header("Accept", BROWSER_ACCEPT)
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.SEE_OTHER)
				.expectHeader()
				.location("/connect?reconnect=true");
		});
	}

	@Test
	void webFluxApiClientGetsA401ProblemDetailThatNamesNoUser() {
		this.reactive.withUserConfiguration(WebFluxApp.class).run((context) -> {
			WebTestClient web = WebTestClient.bindToApplicationContext(context).build();
			for (String accept : new String[] { "application/json", "*/*" }) {
				String body = web.get()
					.uri("/projects")
					.header("Accept", accept)
					.exchange()
					.expectStatus()
					.isUnauthorized()
					.expectHeader()
					.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
					.expectBody(String.class)
					.returnResult()
					.getResponseBody();
				assertThat(body).contains(ReconnectExceptionHandler.TITLE)
					.contains("\"connectUri\":\"/connect?reconnect=true\"")
					.doesNotContain("alice");
			}
		});
	}

	@Test
	void webFluxApplicationsOwnHandlersComeFirst() {
		this.reactive.withUserConfiguration(WebFluxApp.class, OwnAdvice.class).run((context) -> {
			WebTestClient web = WebTestClient.bindToApplicationContext(context).build();
			web.get().uri("/projects").exchange().expectStatus().isEqualTo(HttpStatus.I_AM_A_TEAPOT);
			web.get().uri("/own").exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT);
		});
	}

	@Test
	void mvcBrowserIsRedirectedAndApiClientGetsA401ProblemDetail() {
		this.servlet.withUserConfiguration(MvcApp.class).run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) context).build();
			mvc.perform(get("/projects").header("Accept", BROWSER_ACCEPT))
				.andExpect(status().isSeeOther())
				.andExpect(header().string("Location", "/connect?reconnect=true"));
			mvc.perform(get("/projects").header("Accept", "application/json"))
				.andExpect(status().isUnauthorized())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.title").value(ReconnectExceptionHandler.TITLE))
				.andExpect(jsonPath("$.connectUri").value("/connect?reconnect=true"))
				.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("alice"))));
			mvc.perform(get("/service")).andExpect(status().isUnauthorized());
		});
	}

	@Test
	void mvcApplicationsOwnHandlersComeFirst() {
		this.servlet.withUserConfiguration(MvcApp.class, OwnAdvice.class).run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) context).build();
			mvc.perform(get("/projects")).andExpect(status().isIAmATeapot());
			mvc.perform(get("/own")).andExpect(status().isConflict());
		});
	}

	@Test
	void noHandlerWithoutAConnectUriOrOutsideAWebApplication() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MarketigerAuthReconnectAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReconnectExceptionHandler.class));
		new org.springframework.boot.test.context.runner.ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MarketigerAuthReconnectAutoConfiguration.class))
			.withPropertyValues("marketiger.auth.mode=per-user", "marketiger.auth.sessions.connect-uri=/connect")
			.run((context) -> assertThat(context).doesNotHaveBean(ReconnectExceptionHandler.class));
	}

	@Test
	void blankConnectUriSwitchesTheAnswerOff() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MarketigerAuthReconnectAutoConfiguration.class))
			.withPropertyValues("marketiger.auth.mode=per-user", "marketiger.auth.sessions.connect-uri= ")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ReconnectExceptionHandler.class));
	}

	@Test
	void clientThatRefusesHtmlGetsTheProblemDetailAndAnswersVaryByAccept() {
		ReconnectExceptionHandler handler = new ReconnectExceptionHandler(URI.create("/connect"));
		assertThat(handler.reconnect("text/html;q=0, application/json").getStatusCode())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(handler.reconnect("text/html").getStatusCode()).isEqualTo(HttpStatus.SEE_OTHER);
		assertThat(handler.reconnect("not a media type").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(handler.reconnect(null).getHeaders().get(HttpHeaders.VARY)).containsExactly(HttpHeaders.ACCEPT);
		assertThat(handler.reconnect("text/html").getHeaders().get(HttpHeaders.VARY))
			.containsExactly(HttpHeaders.ACCEPT);
	}

	@Test
	void connectUriThatIsNeitherAPathNorAUrlStopsTheContext() {
		this.reactive.withPropertyValues("marketiger.auth.sessions.connect-uri=mailto:ops@example.com")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("marketiger.auth.sessions.connect-uri")
				.hasMessageNotContaining("ops@example.com"));
	}

	@RestController
	static class Projects {

		@GetMapping("/projects")
		String projects() {
			throw new MarketigerAccountNotConnectedException("alice", "no stored pair");
		}

		@GetMapping("/service")
		String service() {
			throw new ReauthenticationRequiredException("The refresh token of session 'service-account' ran out");
		}

		@GetMapping("/own")
		String own() {
			throw new OwnHandled("alice");
		}

		@ExceptionHandler(OwnHandled.class)
		ResponseEntity<String> ownHandled() {
			return ResponseEntity.status(HttpStatus.CONFLICT).body("handled here");
		}

	}

	static class OwnHandled extends MarketigerAccountNotConnectedException {

		OwnHandled(String sessionKey) {
			super(sessionKey, "handled by the controller");
		}

	}

	@ControllerAdvice
	static class OwnAdvice {

		@ExceptionHandler(MarketigerAccountNotConnectedException.class)
		ResponseEntity<String> notConnected() {
			return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT).body("the application's own");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFlux
	@Import(Projects.class)
	static class WebFluxApp {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebMvc
	@Import(Projects.class)
	static class MvcApp {

	}

}
