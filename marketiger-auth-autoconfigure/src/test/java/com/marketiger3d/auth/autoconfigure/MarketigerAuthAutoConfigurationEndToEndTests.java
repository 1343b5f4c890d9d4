package com.marketiger3d.auth.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.marketiger3d.auth.actuate.MarketigerAuthHealthIndicator;
import com.marketiger3d.auth.api.InvalidCredentialsException;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.test.MutableClock;
import com.marketiger3d.auth.test.TestJwts;
import com.marketiger3d.auth.token.TokenRefreshService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests for {@link MarketigerAuthAutoConfiguration}: the configured beans
 * against the API, played by WireMock.
 */
class MarketigerAuthAutoConfigurationEndToEndTests {

	private static final String PASSWORD = "canary-password-5f1c";

	private static final String ACCESS_TOKEN = "canary-access-3c9d";

	private static final String REFRESH_TOKEN = "canary-refresh-e41a";

	private static final String[] CREDENTIALS = { "marketiger.auth.email=robot@example.com",
			"marketiger.auth.password=" + PASSWORD };

	private static final String PROJECTS = "{\"success\":true,\"data\":{\"projects\":[{\"projectId\":"
			+ "\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"name\":\"Showroom\"}]}}";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(MarketigerAuthAutoConfiguration.class, WebClientAutoConfiguration.class));

	private WireMockServer api;

	@BeforeEach
	void startApi() {
		this.api = new WireMockServer(options().dynamicPort());
		this.api.start();
	}

	@AfterEach
	void stopApi() {
		this.api.stop();
	}

	@Test
	void runWithCredentialsDoesNotCallTheApiWhileStarting() {
		this.contextRunner.withPropertyValues(CREDENTIALS).withPropertyValues(baseUrl(this.api)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(TokenRefreshService.class).currentTokens()).isEmpty();
			this.api.verify(0, anyRequestedFor(anyUrl()));
		});
	}

	@Test
	void usesTheApplicationsClockForTokenTiming() {
		Instant now = Instant.parse("2026-03-01T08:00:00Z");
		String token = TestJwts.expiringAt(now.plus(Duration.ofMinutes(30)));
		this.contextRunner.withPropertyValues("marketiger.auth.access-token=" + token)
			.withPropertyValues(baseUrl(this.api))
			.withBean(Clock.class, () -> Clock.fixed(now, ZoneOffset.UTC))
			.run((context) -> {
				// On the system clock the token expired long ago; on the application's it
				// is fresh.
				assertThat(context.getBean(TokenRefreshService.class).accessToken().block(TIMEOUT)).isEqualTo(token);
				this.api.verify(0, anyRequestedFor(anyUrl()));
			});
	}

	@Test
	void marketigerWebClientCarriesTheTokenToTheBaseUrl() {
		stubLogin();
		this.api.stubFor(get(urlEqualTo("/v2/Project/GetProjects")).willReturn(unauthorized()));
		this.api
			.stubFor(get(urlEqualTo("/v2/Project/GetProjects")).withHeader("Authorization", equalTo("Bearer access-1"))
				.willReturn(okJson(PROJECTS)));
		this.contextRunner.withPropertyValues(CREDENTIALS).withPropertyValues(baseUrl(this.api)).run((context) -> {
			WebClient webClient = context.getBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME,
					WebClient.class);
			String projects = webClient.get()
				.uri("/Project/GetProjects")
				.retrieve()
				.bodyToMono(String.class)
				.block(TIMEOUT);
			assertThat(projects).contains("Showroom");
			this.api.verify(1, postRequestedFor(urlEqualTo("/v2/Auth/Login")).withoutHeader("Authorization")
				.withRequestBody(equalToJson("{\"email\":\"robot@example.com\",\"password\":\"" + PASSWORD + "\"}")));
			this.api.verify(1, getRequestedFor(urlEqualTo("/v2/Project/GetProjects")).withHeader("Authorization",
					equalTo("Bearer access-1")));
		});
	}

	@Test
	void marketigerWebClientWorksWithoutWebClientAutoConfiguration() {
		stubLogin();
		this.api.stubFor(get(urlEqualTo("/v2/Project/GetProjects")).willReturn(unauthorized()));
		this.api
			.stubFor(get(urlEqualTo("/v2/Project/GetProjects")).withHeader("Authorization", equalTo("Bearer access-1"))
				.willReturn(okJson(PROJECTS)));
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MarketigerAuthAutoConfiguration.class))
			.withPropertyValues(CREDENTIALS)
			.withPropertyValues(baseUrl(this.api))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(WebClient.Builder.class)
					.hasSingleBean(MarketigerAuthClient.class)
					.hasBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME);
				String projects = context.getBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME, WebClient.class)
					.get()
					.uri("/Project/GetProjects")
					.retrieve()
					.bodyToMono(String.class)
					.block(TIMEOUT);
				assertThat(projects).contains("Showroom");
			});
	}

	@Test
	void marketigerWebClientDoesNotSendTheTokenToAnotherOrigin() {
		stubLogin();
		WireMockServer other = new WireMockServer(options().dynamicPort());
		other.start();
		try {
			other.stubFor(get(anyUrl()).willReturn(okJson("{}")));
			this.contextRunner.withPropertyValues(CREDENTIALS).withPropertyValues(baseUrl(this.api)).run((context) -> {
				context.getBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME, WebClient.class)
					.get()
					.uri(other.baseUrl() + "/v2/Project/GetProjects")
					.retrieve()
					.toBodilessEntity()
					.block(TIMEOUT);
				other.verify(1, getRequestedFor(urlEqualTo("/v2/Project/GetProjects")).withoutHeader("Authorization"));
				this.api.verify(0, anyRequestedFor(anyUrl()));
			});
		}
		finally {
			other.stop();
		}
	}

	@Test
	void marketigerWebClientIsBuiltFromTheApplicationsWebClientBuilder() {
		stubLogin();
		this.api.stubFor(get(urlEqualTo("/v2/Project/GetProjects")).willReturn(okJson(PROJECTS)));
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withPropertyValues(baseUrl(this.api))
			.withUserConfiguration(UserWebClientCustomizerConfiguration.class)
			.run((context) -> {
				context.getBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME, WebClient.class)
					.get()
					.uri("/Project/GetProjects")
					.retrieve()
					.toBodilessEntity()
					.block(TIMEOUT);
				this.api.verify(1,
						getRequestedFor(urlEqualTo("/v2/Project/GetProjects"))
							.withHeader("X-Customized", equalTo("yes"))
							.withHeader("Authorization", equalTo("Bearer access-1")));
				// The auth calls carry the password: no application customizer touches
				// them.
				this.api.verify(1, postRequestedFor(urlEqualTo("/v2/Auth/Login")).withoutHeader("X-Customized")
					.withoutHeader("Authorization"));
			});
	}

	@Test
	void marketigerWebClientDoesNotChangeTheApplicationsWebClientBuilder() {
		this.api.stubFor(get(anyUrl()).willReturn(okJson("{}")));
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withPropertyValues(baseUrl(this.api))
			.withUserConfiguration(SingletonWebClientBuilderConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(WebClient.Builder.class)
					.build()
					.get()
					.uri(this.api.baseUrl() + "/v2/Project/GetProjects")
					.retrieve()
					.toBodilessEntity()
					.block(TIMEOUT);
				this.api.verify(1,
						getRequestedFor(urlEqualTo("/v2/Project/GetProjects")).withoutHeader("Authorization"));
				this.api.verify(0, postRequestedFor(anyUrl()));
			});
	}

	@Test
	void loginOnStartupLogsInWhileTheContextStarts() {
		stubLogin();
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withPropertyValues(baseUrl(this.api), "marketiger.auth.login-on-startup=true")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(MarketigerAuthStartupLogin.class);
				this.api.verify(1, postRequestedFor(urlEqualTo("/v2/Auth/Login")));
				assertThat(context.getBean(TokenRefreshService.class).currentTokens())
					.hasValueSatisfying((pair) -> assertThat(pair.accessToken()).isEqualTo("access-1"));
			});
	}

	@Test
	void loginOnStartupWithWrongCredentialsFailsStartup() {
		this.api.stubFor(post(urlEqualTo("/v2/Auth/Login")).willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"success\":false,\"error\":{\"type\":\"AUTHENTICATION\","
					+ "\"message\":\"Username or Password are incorrect.\"}}")));
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withPropertyValues(baseUrl(this.api), "marketiger.auth.login-on-startup=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				assertThat(MarketigerAuthAutoConfigurationTests.causes(failure))
					.hasAtLeastOneElementOfType(InvalidCredentialsException.class);
				FailureAnalysis analysis = new InvalidCredentialsFailureAnalyzer().analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("rejected the login at start-up")
					.contains("Username or Password are incorrect.");
				assertThat(analysis.getAction()).contains("'marketiger.auth.email'")
					.contains("'marketiger.auth.password'");
				assertThat(MarketigerAuthAutoConfigurationTests.messages(failure)).doesNotContain(PASSWORD);
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(PASSWORD);
				this.api.verify(1, postRequestedFor(urlEqualTo("/v2/Auth/Login")));
			});
	}

	@Test
	void wrongPasswordFailsEightCallersAtOnceForTenSecondsWithAtMostThreeLoginsAndHealthDown() {
		this.api.stubFor(post(urlEqualTo("/v2/Auth/Login")).willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"success\":false,\"error\":{\"type\":\"AUTHENTICATION\","
					+ "\"message\":\"Username or Password are incorrect.\"}}")));
		MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");
		this.contextRunner.withConfiguration(AutoConfigurations.of(MarketigerAuthHealthAutoConfiguration.class))
			.withPropertyValues(CREDENTIALS)
			.withPropertyValues(baseUrl(this.api))
			.withBean(Clock.class, () -> clock)
			.run((context) -> {
				WebClient webClient = context.getBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME,
						WebClient.class);
				MarketigerAuthHealthIndicator health = context.getBean(MarketigerAuthHealthIndicator.class);
				List<Throwable> failures = new ArrayList<>();
				// Default settings: the pause after a rejected Login starts at
				// retry.max-backoff (5 s) and doubles.
				for (int round = 0; round < 100; round++) {
					failures.addAll(Flux.range(0, 8)
						.flatMap((caller) -> webClient.get()
							.uri("/Project/GetProjects")
							.retrieve()
							.toBodilessEntity()
							.map(Throwable.class::cast)
							.onErrorResume(Mono::just))
						.collectList()
						.block(TIMEOUT));
					if (round == 50) {
						assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
						assertThat(health.health(true).getDetails()).containsKey("reason");
					}
					clock.advance(Duration.ofMillis(100));
				}
				assertThat(failures).hasSize(800)
					.allSatisfy((failure) -> assertThat(failure).isInstanceOf(InvalidCredentialsException.class)
						.hasMessageNotContaining(PASSWORD));
				assertThat(this.api.countRequestsMatching(postRequestedFor(urlEqualTo("/v2/Auth/Login")).build())
					.getCount()).isBetween(1, 3);
				this.api.verify(0, getRequestedFor(urlEqualTo("/v2/Project/GetProjects")));
			});
	}

	@Test
	void loginOnStartupWithInitialTokensOnlyUsesThemWithoutCallingTheApi() {
		this.contextRunner
			.withPropertyValues("marketiger.auth.access-token=" + ACCESS_TOKEN,
					"marketiger.auth.refresh-token=" + REFRESH_TOKEN, "marketiger.auth.login-on-startup=true",
					baseUrl(this.api))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(TokenRefreshService.class).currentTokens())
					.hasValueSatisfying((pair) -> assertThat(pair.refreshToken()).isEqualTo(REFRESH_TOKEN));
				this.api.verify(0, anyRequestedFor(anyUrl()));
			});
	}

	private void stubLogin() {
		this.api.stubFor(post(urlEqualTo("/v2/Auth/Login")).willReturn(
				okJson("{\"success\":true,\"data\":{\"accessToken\":\"access-1\",\"refreshToken\":\"refresh-1\"}}")));
	}

	private static String baseUrl(WireMockServer server) {
		return "marketiger.auth.base-url=http://localhost:" + server.port() + "/v2";
	}

	@Configuration(proxyBeanMethods = false)
	static class UserWebClientCustomizerConfiguration {

		@Bean
		WebClientCustomizer customHeader() {
			return (builder) -> builder.defaultHeader("X-Customized", "yes");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SingletonWebClientBuilderConfiguration {

		@Bean
		WebClient.Builder webClientBuilder() {
			return WebClient.builder();
		}

	}

}
