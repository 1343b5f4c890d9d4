package com.marketiger3d.auth.security.oauth2;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.MutableClock;
import com.marketiger3d.auth.test.TestJwts;
import com.marketiger3d.auth.test.TraceLogging;
import com.marketiger3d.auth.token.RetryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.InMemoryReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the providers' paths (connect, refresh, a garbled answer, a rejected refresh
 * token, rejected credentials, a transient failure, incomplete credentials) at TRACE
 * logging with canary secrets, against a server that echoes them in its error messages,
 * and checks that no log line, exception message, OAuth2 error or {@code toString} shows
 * any of them.
 */
@WireMockTest
@ExtendWith({ TraceLogging.class, OutputCaptureExtension.class })
class OAuth2ClientSecretsCanaryTests {

	/** How long a test waits for a result before it fails. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String PASSWORD = "canary-password-3e81f0";

	private static final String REFRESH_TOKEN = "canary-refresh-a4c2d9";

	private static final String ROTATED_REFRESH_TOKEN = "canary-refresh-rotated-5b7e13";

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	private final String accessToken = TestJwts.issued(Instant.EPOCH, LIFETIME);

	private final String rotatedAccessToken = TestJwts.issued(Instant.EPOCH, LIFETIME);

	private final List<Object> seen = new ArrayList<>();

	@Test
	void noSecretAppearsInLogsMessagesErrorsOrToString(WireMockRuntimeInfo wireMockInfo, CapturedOutput output) {
		WireMock stubs = wireMockInfo.getWireMock();
		String echo = "\"message\":\"rejected " + PASSWORD + " " + REFRESH_TOKEN + " " + ROTATED_REFRESH_TOKEN + " "
				+ this.accessToken + "\"";
		stubs.register(post(urlEqualTo(AuthApiStub.LOGIN)).inScenario("login")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(AuthApiStub.envelope(this.accessToken, REFRESH_TOKEN))
			.willSetStateTo("wrong-password"));
		stubs.register(post(urlEqualTo(AuthApiStub.LOGIN)).inScenario("login")
			.whenScenarioStateIs("wrong-password")
			.willReturn(aResponse().withStatus(400)
				.withBody("{\"success\":false,\"error\":{\"type\":\"AUTHENTICATION\"," + echo + "}}")));
		stubs.register(post(urlEqualTo(AuthApiStub.REFRESH)).inScenario("refresh")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(200)
				.withBody("{\"success\":true,\"data\":{\"accessToken\":\"" + this.rotatedAccessToken
						+ "\",\"refreshToken\":\"" + ROTATED_REFRESH_TOKEN))
			.willSetStateTo("rotates"));
		stubs.register(post(urlEqualTo(AuthApiStub.REFRESH)).inScenario("refresh")
			.whenScenarioStateIs("rotates")
			.willReturn(AuthApiStub.envelope(this.rotatedAccessToken, ROTATED_REFRESH_TOKEN))
			.willSetStateTo("unavailable"));
		stubs.register(post(urlEqualTo(AuthApiStub.REFRESH)).inScenario("refresh")
			.whenScenarioStateIs("unavailable")
			.willReturn(aResponse().withStatus(503).withBody(echo))
			.willSetStateTo("rejects"));
		stubs.register(post(urlEqualTo(AuthApiStub.REFRESH)).inScenario("refresh")
			.whenScenarioStateIs("rejects")
			.willReturn(
					aResponse().withStatus(401).withBody("{\"success\":false,\"error\":{\"type\":2," + echo + "}}")));
		stubs.register(get(urlPathEqualTo("/v2/Project/GetProjects"))
			.withHeader("Authorization", equalTo("Bearer " + this.rotatedAccessToken))
			.willReturn(okJson("{\"success\":true,\"data\":{\"projects\":[]}}")));
		stubs.register(get(urlPathEqualTo("/v2/Project/GetProjects")).atPriority(10).willReturn(unauthorized()));

		URI baseUrl = URI.create(wireMockInfo.getHttpBaseUrl() + "/v2");
		ClientRegistration registration = ClientRegistration.withRegistrationId("marketiger")
			.clientId("marketplace-app")
			.authorizationGrantType(MarketigerReactiveAuthorizedClientProvider.LOGIN_GRANT_TYPE)
			.tokenUri(baseUrl + "/Auth/Login")
			.build();
		InMemoryReactiveClientRegistrationRepository registrations = new InMemoryReactiveClientRegistrationRepository(
				registration);
		InMemoryReactiveOAuth2AuthorizedClientService authorizedClients = new InMemoryReactiveOAuth2AuthorizedClientService(
				registrations);
		MarketigerReactiveAuthorizedClientProvider provider = MarketigerReactiveAuthorizedClientProvider
			.builder(MarketigerAuthClient.builder(baseUrl).clock(this.clock).build())
			.authorizedClientService(authorizedClients)
			.clock(this.clock)
			.retryPolicy(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1)))
			.build();
		AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(
				registrations, authorizedClients);
		manager.setAuthorizedClientProvider(provider);
		manager.setContextAttributesMapper(MarketigerLoginAttributes.reactiveContextAttributesMapper());
		ServerOAuth2AuthorizedClientExchangeFilterFunction oauth2 = new ServerOAuth2AuthorizedClientExchangeFilterFunction(
				manager);
		oauth2.setDefaultClientRegistrationId("marketiger");
		WebClient webClient = WebClient.builder().baseUrl(baseUrl.toString()).filter(oauth2).build();
		Authentication alice = new TestingAuthenticationToken("alice", null, "ROLE_USER");
		Mono<String> projects = webClient.get()
			.uri("/Project/GetProjects")
			.retrieve()
			.bodyToMono(String.class)
			.contextWrite(ReactiveSecurityContextHolder.withAuthentication(alice));
		OAuth2AuthorizeRequest connect = OAuth2AuthorizeRequest.withClientRegistrationId("marketiger")
			.principal(alice)
			.attributes(MarketigerLoginAttributes.credentials("alice@users.test", PASSWORD))
			.build();

		this.seen.add(manager.authorize(connect).block(TIMEOUT));
		this.clock.advance(LIFETIME);
		remember(projects::block); // garbled answer, then the same refresh token once
									// more: rotated
		this.clock.advance(LIFETIME);
		remember(projects::block); // 503
		this.clock.advance(Duration.ofSeconds(1));
		remember(projects::block); // rejected
		remember(() -> manager.authorize(connect).block(TIMEOUT)); // credentials rejected
		remember(() -> manager
			.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("marketiger")
				.principal(alice)
				.attribute(MarketigerLoginAttributes.PASSWORD_ATTRIBUTE_NAME, PASSWORD)
				.build())
			.block(TIMEOUT));
		this.seen.add(provider);
		this.seen.add(new MarketigerAuthorizedClientProvider(provider, Duration.ofSeconds(1)));

		assertThat(this.seen).filteredOn(ClientAuthorizationException.class::isInstance).hasSize(3);
		List<String> texts = new ArrayList<>();
		texts.add(output.getAll());
		for (Object thing : this.seen) {
			texts.add(String.valueOf(thing));
			for (Throwable ex = (thing instanceof Throwable t) ? t : null; ex != null; ex = ex.getCause()) {
				texts.add(ex.toString());
				texts.add(String.valueOf(ex.getMessage()));
				if (ex instanceof ClientAuthorizationException failure) {
					texts.add(failure.getError().toString());
				}
			}
		}
		assertThat(output.getAll()).contains("MarkeTiger login").contains("MarkeTiger token refresh");
		for (String secret : secrets()) {
			assertThat(texts).noneSatisfy((text) -> assertThat(text).contains(secret));
		}
	}

	private List<String> secrets() {
		List<String> secrets = new ArrayList<>(
				List.of(PASSWORD, REFRESH_TOKEN, ROTATED_REFRESH_TOKEN, this.accessToken, this.rotatedAccessToken));
		secrets.add(this.accessToken.substring(this.accessToken.lastIndexOf('.') + 1));
		secrets.add(this.rotatedAccessToken.substring(this.rotatedAccessToken.lastIndexOf('.') + 1));
		return secrets;
	}

	private void remember(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			this.seen.add(ex);
		}
	}

}
