package com.marketiger3d.auth.autoconfigure;

import java.time.Duration;
import java.util.function.Function;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.UsersApiStub;
import com.marketiger3d.auth.token.TokenSessions;
import com.marketiger3d.auth.web.reactive.ReactiveSessionKeyResolver;
import com.marketiger3d.auth.web.servlet.SessionKeyResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.service.ReactiveHttpServiceClientAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.registry.HttpServiceGroup;
import org.springframework.web.service.registry.ImportHttpServices;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the HTTP service group configurers: an application's {@code @HttpExchange}
 * interfaces in the {@code marketiger} group call the API with the token, on both client
 * stacks and in both modes.
 */
class MarketigerAuthHttpServiceGroupTests {

	private static final String PROJECTS = "/v2/Project/GetProjects";

	private static final String BODY = "{\"success\":true,\"data\":{\"projects\":[]}}";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ApplicationContextRunner blocking = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MarketigerAuthAutoConfiguration.class,
				MarketigerAuthRestClientAutoConfiguration.class, RestClientAutoConfiguration.class,
				HttpServiceClientAutoConfiguration.class, HttpServiceClientPropertiesAutoConfiguration.class,
				WebClientAutoConfiguration.class));

	private final ApplicationContextRunner reactive = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MarketigerAuthAutoConfiguration.class,
				WebClientAutoConfiguration.class, ReactiveHttpServiceClientAutoConfiguration.class,
				HttpServiceClientPropertiesAutoConfiguration.class));

	private WireMockServer api;

	private AuthApiStub auth;

	@BeforeEach
	void startApi() {
		this.api = new WireMockServer(options().dynamicPort());
		this.api.start();
		this.auth = new AuthApiStub(new WireMock(this.api.port()), Duration.ofMinutes(5)).loginThenRotations(0);
		this.api.stubFor(get(urlEqualTo(PROJECTS)).willReturn(okJson(BODY)));
	}

	@AfterEach
	void stopApi() {
		this.api.stop();
	}

	@Test
	void restClientGroupNamedMarketigerCallsTheApiWithTheToken() {
		this.blocking.withPropertyValues(serviceAccount())
			.withUserConfiguration(BlockingProjectsGroup.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(BlockingProjects.class).projects()).isEqualTo(BODY);
				this.api.verify(getRequestedFor(urlEqualTo(PROJECTS)).withHeader("Authorization",
						equalTo("Bearer " + this.auth.accessToken(0))));
			});
	}

	@Test
	void webClientGroupNamedMarketigerCallsTheApiWithTheToken() {
		this.reactive.withPropertyValues(serviceAccount())
			.withUserConfiguration(ReactiveProjectsGroup.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ReactiveProjects.class).projects().block(TIMEOUT)).isEqualTo(BODY);
				this.api.verify(getRequestedFor(urlEqualTo(PROJECTS)).withHeader("Authorization",
						equalTo("Bearer " + this.auth.accessToken(0))));
			});
	}

	@Test
	void groupOfAnotherNameGetsNothingUnlessItIsTheConfiguredOne() {
		this.blocking.withPropertyValues(serviceAccount())
			.withPropertyValues("spring.http.serviceclient.shop.base-url=" + this.api.baseUrl() + "/v2")
			.withUserConfiguration(ShopProjectsGroup.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(BlockingProjects.class).projects();
				this.api.verify(getRequestedFor(urlEqualTo(PROJECTS)).withHeader("Authorization", absent()));
			});
		this.api.resetRequests();
		this.blocking.withPropertyValues(serviceAccount())
			.withPropertyValues("marketiger.auth.http-service-group=shop")
			.withUserConfiguration(ShopProjectsGroup.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(BlockingProjects.class).projects()).isEqualTo(BODY);
				this.api.verify(getRequestedFor(urlEqualTo(PROJECTS)).withHeader("Authorization",
						equalTo("Bearer " + this.auth.accessToken(0))));
			});
	}

	@Test
	void perUserGroupsCallTheApiWithTheTokenOfTheRequestsUser() {
		UsersApiStub users = new UsersApiStub(new WireMock(this.api.port()), Duration.ofMinutes(5)).user("alice", 0);
		String aliceToken = users.accessToken("alice", 0);
		this.blocking.withPropertyValues(baseUrl(), "marketiger.auth.mode=per-user")
			.withUserConfiguration(BlockingProjectsGroup.class)
			.withBean(SessionKeyResolver.class, () -> (request) -> "alice")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				connectAlice(context.getBean(TokenSessions.class));
				assertThat(context.getBean(BlockingProjects.class).projects()).isEqualTo(BODY);
			});
		this.reactive.withPropertyValues(baseUrl(), "marketiger.auth.mode=per-user")
			.withUserConfiguration(ReactiveProjectsGroup.class)
			.withBean(ReactiveSessionKeyResolver.class, () -> (request) -> Mono.just("alice"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				connectAlice(context.getBean(TokenSessions.class));
				assertThat(context.getBean(ReactiveProjects.class).projects().block(TIMEOUT)).isEqualTo(BODY);
			});
		this.api.verify(2,
				getRequestedFor(urlEqualTo(PROJECTS)).withHeader("Authorization", equalTo("Bearer " + aliceToken)));
	}

	@Test
	void baseUrlOfTheGroupSetInSpringsPropertiesWinsAndGetsNoTokenOnAnotherHost() {
		baseUrlSetInSpringsPropertiesWins(this.blocking, BlockingProjectsGroup.class,
				(context) -> context.getBean(BlockingProjects.class).projects());
	}

	@Test
	void baseUrlOfAReactiveGroupSetInSpringsPropertiesWinsAndGetsNoTokenOnAnotherHost() {
		baseUrlSetInSpringsPropertiesWins(this.reactive, ReactiveProjectsGroup.class,
				(context) -> context.getBean(ReactiveProjects.class).projects().block(TIMEOUT));
	}

	private void baseUrlSetInSpringsPropertiesWins(ApplicationContextRunner runner, Class<?> group,
			Function<ApplicationContext, String> call) {
		WireMockServer other = new WireMockServer(options().dynamicPort());
		other.start();
		try {
			other.stubFor(get(urlEqualTo(PROJECTS)).willReturn(okJson(BODY)));
			runner.withPropertyValues(serviceAccount())
				.withPropertyValues(
						"spring.http.serviceclient.marketiger.base-url=http://127.0.0.1:" + other.port() + "/v2")
				.withUserConfiguration(group)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(call.apply(context)).isEqualTo(BODY);
					other.verify(getRequestedFor(urlEqualTo(PROJECTS)).withHeader("Authorization", absent()));
				});
		}
		finally {
			other.stop();
		}
	}

	private void connectAlice(TokenSessions sessions) {
		sessions.connect("alice", new Credentials(UsersApiStub.email("alice"), UsersApiStub.PASSWORD)).block(TIMEOUT);
	}

	private String[] serviceAccount() {
		return new String[] { baseUrl(), "marketiger.auth.email=" + AuthApiStub.EMAIL,
				"marketiger.auth.password=" + AuthApiStub.PASSWORD };
	}

	private String baseUrl() {
		return "marketiger.auth.base-url=http://localhost:" + this.api.port() + "/v2";
	}

	@HttpExchange("/Project")
	interface BlockingProjects {

		@GetExchange("/GetProjects")
		String projects();

	}

	@HttpExchange("/Project")
	interface ReactiveProjects {

		@GetExchange("/GetProjects")
		Mono<String> projects();

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "marketiger", types = BlockingProjects.class)
	static class BlockingProjectsGroup {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "marketiger", types = ReactiveProjects.class,
			clientType = HttpServiceGroup.ClientType.WEB_CLIENT)
	static class ReactiveProjectsGroup {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "shop", types = BlockingProjects.class)
	static class ShopProjectsGroup {

	}

}
