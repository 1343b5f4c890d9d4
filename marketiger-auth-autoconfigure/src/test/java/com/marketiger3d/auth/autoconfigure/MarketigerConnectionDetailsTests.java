package com.marketiger3d.auth.autoconfigure;

import java.net.URI;
import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.marketiger3d.auth.token.TokenRefreshService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MarketigerConnectionDetails}: where it comes from, and that every
 * client follows it.
 */
class MarketigerConnectionDetailsTests {

	private static final String LOGIN = "{\"success\":true,\"data\":{\"accessToken\":\"eyJhbGciOiJIUzI1NiJ9."
			+ "eyJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJl\",\"refreshToken\":\"refresh-1\"}}";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MarketigerAuthAutoConfiguration.class,
				MarketigerAuthRestClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				RestClientAutoConfiguration.class))
		.withPropertyValues("marketiger.auth.email=robot@example.com", "marketiger.auth.password=connection-secret");

	private WireMockServer api;

	@BeforeEach
	void startApi() {
		this.api = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
		this.api.start();
		this.api.stubFor(post("/v2/Auth/Login").willReturn(okJson(LOGIN)));
		this.api.stubFor(get("/v2/Project/GetProjects").willReturn(okJson("{\"success\":true,\"data\":{}}")));
	}

	@AfterEach
	void stopApi() {
		this.api.stop();
	}

	@Test
	void defaultConnectionDetailsComeFromTheBaseUrlProperty() {
		this.contextRunner.withPropertyValues("marketiger.auth.base-url=https://api.example.test/v2 ")
			.run((context) -> assertThat(context.getBean(MarketigerConnectionDetails.class).getBaseUrl())
				.isEqualTo(URI.create("https://api.example.test/v2")));
	}

	@Test
	void connectionDetailsBeanReplacesTheBaseUrlPropertyForEveryClient() {
		URI baseUrl = URI.create(this.api.baseUrl() + "/v2");
		this.contextRunner.withPropertyValues("marketiger.auth.base-url=https://elsewhere.example.test/v2")
			.withBean(MarketigerConnectionDetails.class, () -> () -> baseUrl)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(PropertiesMarketigerConnectionDetails.class);
				assertThat(context.getBean(TokenRefreshService.class).accessToken().block(Duration.ofSeconds(30)))
					.isNotBlank();
				context.getBean("marketigerWebClient", WebClient.class)
					.get()
					.uri("/Project/GetProjects")
					.retrieve()
					.toBodilessEntity()
					.block(Duration.ofSeconds(30));
				context.getBean("marketigerRestClient", RestClient.class)
					.get()
					.uri("/Project/GetProjects")
					.retrieve()
					.toBodilessEntity();
				this.api.verify(1, postRequestedFor(urlEqualTo("/v2/Auth/Login")));
				this.api.verify(2, getRequestedFor(urlEqualTo("/v2/Project/GetProjects"))
					.withHeader("Authorization", equalTo("Bearer "
							+ context.getBean(TokenRefreshService.class).currentTokens().orElseThrow().accessToken())));
			});
	}

}
