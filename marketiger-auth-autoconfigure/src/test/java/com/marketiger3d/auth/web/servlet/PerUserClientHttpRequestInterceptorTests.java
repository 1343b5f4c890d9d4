package com.marketiger3d.auth.web.servlet;

import java.net.URI;
import java.time.Duration;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.marketiger3d.auth.api.ApiOrigin;
import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.test.MutableClock;
import com.marketiger3d.auth.test.UsersApiStub;
import com.marketiger3d.auth.token.InMemoryTokenStore;
import com.marketiger3d.auth.token.MarketigerAccountNotConnectedException;
import com.marketiger3d.auth.token.RetryPolicy;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenRefreshServiceBuilder;
import com.marketiger3d.auth.token.TokenSessions;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@WireMockTest
class PerUserClientHttpRequestInterceptorTests {

	private static final String PROJECTS = "/v2/Project/GetProjects";

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	private WireMockRuntimeInfo wireMock;

	private UsersApiStub api;

	private TokenSessions sessions;

	private RestClient restClient;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wireMock) {
		this.wireMock = wireMock;
		this.api = new UsersApiStub(wireMock.getWireMock(), Duration.ofMinutes(5)).user("alice", 1).user("bob", 1);
		wireMock.getWireMock().register(get(urlPathEqualTo(PROJECTS)).willReturn(okJson("{\"success\":true}")));
		URI baseUrl = URI.create("http://localhost:" + wireMock.getHttpPort() + "/v2");
		MarketigerAuthClient client = MarketigerAuthClient.builder(baseUrl).clock(this.clock).build();
		TokenRefreshServiceBuilder template = TokenRefreshService.builder(client, new InMemoryTokenStore())
			.retryPolicy(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(50)))
			.clock(this.clock);
		this.sessions = new TokenSessions(template.settings(), Duration.ofMinutes(30), 100, false);
		this.restClient = RestClient.builder()
			.baseUrl(baseUrl.toString())
			.requestInterceptor(
					new MarketigerAuthClientHttpRequestInterceptor(this.sessions, SessionKeyResolver.standard(),
							Duration.ofSeconds(10), ApiOrigin.of(baseUrl), ObservationRegistry.NOOP))
			.build();
	}

	@AfterEach
	void clearSecurityContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void eachRequestCarriesTheTokenOfTheUserItsAttributeNames() {
		connect("alice");
		connect("bob");

		for (String user : new String[] { "alice", "bob", "alice" }) {
			this.restClient.get()
				.uri("/Project/GetProjects?user=" + user)
				.attribute(SessionKeyResolver.SESSION_KEY, user)
				.retrieve()
				.toBodilessEntity();
		}

		assertThat(this.wireMock.getWireMock().find(getRequestedFor(urlPathEqualTo(PROJECTS)))).hasSize(3)
			.allSatisfy((request) -> assertThat(request.getHeader("Authorization"))
				.isEqualTo("Bearer " + this.api.accessToken(request.queryParameter("user").firstValue(), 0)));
	}

	@Test
	void requestOfTheSignedInUserCarriesTheirToken() {
		connect("bob");
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("bob", null, "ROLE_USER"));

		this.restClient.get().uri("/Project/GetProjects").retrieve().toBodilessEntity();

		assertThat(this.wireMock.getWireMock().find(getRequestedFor(urlPathEqualTo(PROJECTS)))).singleElement()
			.satisfies((request) -> assertThat(request.getHeader("Authorization"))
				.isEqualTo("Bearer " + this.api.accessToken("bob", 0)));
	}

	@Test
	void requestWithoutUserFailsAndIsNotSent() {
		SecurityContextHolder.getContext()
			.setAuthentication(new AnonymousAuthenticationToken("key", "anonymousUser",
					AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));

		assertThatIllegalStateException()
			.isThrownBy(() -> this.restClient.get().uri("/Project/GetProjects").retrieve().toBodilessEntity())
			.withMessageContaining("per-user")
			.withMessageContaining(SessionKeyResolver.SESSION_KEY);
		assertThat(this.wireMock.getWireMock().find(anyRequestedFor(urlPathEqualTo(PROJECTS)))).isEmpty();
	}

	@Test
	void userWhoNeverConnectedGetsAccountNotConnected() {
		assertThatExceptionOfType(MarketigerAccountNotConnectedException.class)
			.isThrownBy(() -> this.restClient.get()
				.uri("/Project/GetProjects")
				.attribute(SessionKeyResolver.SESSION_KEY, "carol")
				.retrieve()
				.toBodilessEntity())
			.satisfies((ex) -> assertThat(ex.getSessionKey()).isEqualTo("carol"));
		assertThat(this.wireMock.getWireMock().find(anyRequestedFor(urlPathEqualTo(PROJECTS)))).isEmpty();
	}

	private void connect(String user) {
		this.sessions.connect(user, new Credentials(UsersApiStub.email(user), UsersApiStub.PASSWORD))
			.block(Duration.ofSeconds(10));
	}

}
