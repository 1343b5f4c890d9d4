package com.marketiger3d.auth.autoconfigure;

import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.token.InMemoryTokenStore;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenSessions;
import com.marketiger3d.auth.web.reactive.MarketigerAuthExchangeFilterFunction;
import com.marketiger3d.auth.web.reactive.ReactiveSessionKeyResolver;
import com.marketiger3d.auth.web.reactive.ReactiveSessionResolver;
import com.marketiger3d.auth.web.servlet.MarketigerAuthClientHttpRequestInterceptor;
import com.marketiger3d.auth.web.servlet.SessionKeyResolver;
import com.marketiger3d.auth.web.servlet.SessionResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@code marketiger.auth.mode=per-user} in
 * {@link MarketigerAuthAutoConfiguration} and
 * {@link MarketigerAuthRestClientAutoConfiguration}.
 */
class MarketigerAuthPerUserAutoConfigurationTests {

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
	void serviceAccountModeCreatesNoSessions() {
		this.contextRunner.withPropertyValues("marketiger.auth.email=robot@example.com", "marketiger.auth.password=x")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(TokenSessions.class)
				.doesNotHaveBean(ReactiveSessionKeyResolver.class)
				.hasSingleBean(MarketigerAuthExchangeFilterFunction.class));
	}

	@Test
	void perUserModeStartsWithoutCredentialsAndCreatesSessions() {
		this.contextRunner
			.withPropertyValues("marketiger.auth.mode=per-user", "marketiger.auth.sessions.max-active=50",
					"marketiger.auth.sessions.idle-timeout=5m")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(TokenSessions.class)
					.hasSingleBean(ReactiveSessionKeyResolver.class)
					.hasSingleBean(MarketigerAuthExchangeFilterFunction.class);
				TokenSessions sessions = context.getBean(TokenSessions.class);
				assertThat(sessions.getMaxActive()).isEqualTo(50);
				assertThat(sessions.getIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
			});
	}

	@Test
	void perUserSessionsAreKeptAliveOnlyWhenAskedTo() {
		this.contextRunner.withPropertyValues("marketiger.auth.mode=per-user")
			.run((context) -> assertThat(context.getBean(TokenSessions.class).isKeepAlive()).isFalse());
		this.contextRunner
			.withPropertyValues("marketiger.auth.mode=per-user", "marketiger.auth.sessions.keep-alive=true")
			.run((context) -> assertThat(context.getBean(TokenSessions.class).isKeepAlive()).isTrue());
	}

	@Test
	void perUserWebClientRefusesARequestWithoutUser() {
		this.contextRunner.withPropertyValues("marketiger.auth.mode=per-user", "marketiger.auth.base-url=" + baseUrl())
			.run((context) -> {
				WebClient webClient = context.getBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME,
						WebClient.class);
				StepVerifier.create(webClient.get().uri("/Project/GetProjects").retrieve().toBodilessEntity())
					.expectError(IllegalStateException.class)
					.verify(Duration.ofSeconds(10));
				assertThat(this.api.findAll(anyRequestedFor(anyUrl()))).isEmpty();
			});
	}

	@Test
	void perUserBacksOffWhenUserDefinesSessionsAndResolver() {
		this.contextRunner.withPropertyValues("marketiger.auth.mode=per-user")
			.withUserConfiguration(UserSessions.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(TokenSessions.class);
				assertThat(context.getBean(TokenSessions.class)).isSameAs(context.getBean("userSessions"));
				assertThat(context.getBean(ReactiveSessionKeyResolver.class)).isSameAs(context.getBean("userResolver"));
			});
	}

	@Test
	void perUserModeWrittenAsTheEnumConstantSelectsThePerUserWiring() {
		this.contextRunner.withPropertyValues("marketiger.auth.mode=PER_USER", "marketiger.auth.base-url=" + baseUrl())
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(TokenSessions.class)
					.hasSingleBean(ReactiveSessionKeyResolver.class);
				WebClient webClient = context.getBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME,
						WebClient.class);
				StepVerifier.create(webClient.get().uri("/Project/GetProjects").retrieve().toBodilessEntity())
					.expectErrorMatches(
							(ex) -> ex instanceof IllegalStateException && ex.getMessage().contains("per-user"))
					.verify(Duration.ofSeconds(10));
				assertThat(this.api.findAll(anyRequestedFor(anyUrl()))).isEmpty();
			});
	}

	@Test
	void webClientFilterResolvesSessionsWithAUserDefinedResolver() {
		this.contextRunner.withPropertyValues("marketiger.auth.mode=per-user", "marketiger.auth.base-url=" + baseUrl())
			.withUserConfiguration(UserSessionResolvers.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ReactiveSessionResolver.class))
					.isSameAs(context.getBean("userReactiveResolver"));
				WebClient webClient = context.getBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME,
						WebClient.class);
				StepVerifier.create(webClient.get().uri("/Project/GetProjects").retrieve().toBodilessEntity())
					.expectErrorMessage(UserSessionResolvers.REFUSAL)
					.verify(Duration.ofSeconds(10));
				assertThat(this.api.findAll(anyRequestedFor(anyUrl()))).isEmpty();
			});
	}

	@Test
	void restClientInterceptorResolvesSessionsWithAUserDefinedResolver() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MarketigerAuthAutoConfiguration.class,
					MarketigerAuthRestClientAutoConfiguration.class, WebClientAutoConfiguration.class,
					RestClientAutoConfiguration.class))
			.withPropertyValues("marketiger.auth.mode=per-user", "marketiger.auth.base-url=" + baseUrl())
			.withUserConfiguration(UserSessionResolvers.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(SessionResolver.class)).isSameAs(context.getBean("userResolver"));
				RestClient restClient = context.getBean(MarketigerAuthRestClientAutoConfiguration.REST_CLIENT_BEAN_NAME,
						RestClient.class);
				assertThatIllegalStateException()
					.isThrownBy(() -> restClient.get().uri("/Project/GetProjects").retrieve().toBodilessEntity())
					.withMessage(UserSessionResolvers.REFUSAL);
				assertThat(this.api.findAll(anyRequestedFor(anyUrl()))).isEmpty();
			});
	}

	@Test
	void invalidSessionLimitStopsTheContextNamingTheProperty() {
		this.contextRunner.withPropertyValues("marketiger.auth.mode=per-user", "marketiger.auth.sessions.max-active=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("marketiger.auth.sessions.max-active"));
	}

	@Test
	void perUserRestClientRefusesARequestWithoutUser() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MarketigerAuthAutoConfiguration.class,
					MarketigerAuthRestClientAutoConfiguration.class, WebClientAutoConfiguration.class,
					RestClientAutoConfiguration.class))
			.withPropertyValues("marketiger.auth.mode=per-user", "marketiger.auth.base-url=" + baseUrl())
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(SessionKeyResolver.class)
					.hasSingleBean(MarketigerAuthClientHttpRequestInterceptor.class);
				RestClient restClient = context.getBean(MarketigerAuthRestClientAutoConfiguration.REST_CLIENT_BEAN_NAME,
						RestClient.class);
				assertThatIllegalStateException()
					.isThrownBy(() -> restClient.get().uri("/Project/GetProjects").retrieve().toBodilessEntity())
					.withMessageContaining("per-user");
				assertThat(this.api.findAll(anyRequestedFor(anyUrl()))).isEmpty();
			});
	}

	private String baseUrl() {
		return "http://localhost:" + this.api.port() + "/v2";
	}

	@Configuration(proxyBeanMethods = false)
	static class UserSessions {

		@Bean
		TokenSessions userSessions(MarketigerAuthClient client) {
			return new TokenSessions(TokenRefreshService.builder(client, new InMemoryTokenStore()).settings(),
					Duration.ofMinutes(1), 1, false);
		}

		@Bean
		ReactiveSessionKeyResolver userResolver() {
			return (request) -> reactor.core.publisher.Mono.just("fixed");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSessionResolvers {

		static final String REFUSAL = "refused by the application's own resolver";

		@Bean
		ReactiveSessionResolver userReactiveResolver() {
			return (request) -> Mono.error(new IllegalStateException(REFUSAL));
		}

		@Bean
		SessionResolver userResolver() {
			return (request) -> {
				throw new IllegalStateException(REFUSAL);
			};
		}

	}

}
