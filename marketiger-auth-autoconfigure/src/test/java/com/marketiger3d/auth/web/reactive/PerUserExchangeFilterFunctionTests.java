package com.marketiger3d.auth.web.reactive;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

@WireMockTest
class PerUserExchangeFilterFunctionTests {

	private static final String PROJECTS = "/v2/Project/GetProjects";

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	private WireMockRuntimeInfo wireMock;

	private UsersApiStub api;

	private TokenSessions sessions;

	private WebClient webClient;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wireMock) {
		this.wireMock = wireMock;
		this.api = new UsersApiStub(wireMock.getWireMock(), LIFETIME).user("alice", 1).user("bob", 1);
		wireMock.getWireMock().register(get(urlPathEqualTo(PROJECTS)).willReturn(okJson("{\"success\":true}")));
		URI baseUrl = URI.create("http://localhost:" + wireMock.getHttpPort() + "/v2");
		MarketigerAuthClient client = MarketigerAuthClient.builder(baseUrl).clock(this.clock).build();
		TokenRefreshServiceBuilder template = TokenRefreshService.builder(client, new InMemoryTokenStore())
			.retryPolicy(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(50)))
			.clock(this.clock);
		this.sessions = new TokenSessions(template.settings(), Duration.ofMinutes(30), 100, false);
		this.webClient = WebClient.builder()
			.baseUrl(baseUrl.toString())
			.filter(new MarketigerAuthExchangeFilterFunction(this.sessions, ReactiveSessionKeyResolver.standard(),
					ApiOrigin.of(baseUrl), ObservationRegistry.NOOP))
			.build();
	}

	@Test
	void concurrentRequestsOfTwoUsersEachCarryOnlyTheirOwnToken() {
		connect("alice");
		connect("bob");
		this.clock.advance(LIFETIME);

		int requests = 400;
		Flux.range(0, requests).flatMap((i) -> {
			boolean alice = i % 2 == 0;
			WebClient.RequestHeadersSpec<?> request = this.webClient.get()
				.uri("/Project/GetProjects?user=" + (alice ? "alice" : "bob"));
			if (alice) {
				return request.retrieve()
					.toBodilessEntity()
					.contextWrite(Context.of(ReactiveSessionKeyResolver.SESSION_KEY, "alice"))
					.subscribeOn(Schedulers.parallel());
			}
			return request.attribute(ReactiveSessionKeyResolver.SESSION_KEY, "bob")
				.retrieve()
				.toBodilessEntity()
				.subscribeOn(Schedulers.parallel());
		}, requests).then().block(Duration.ofSeconds(30));

		List<LoggedRequest> sent = this.wireMock.getWireMock().find(getRequestedFor(urlPathEqualTo(PROJECTS)));
		assertThat(sent).hasSize(requests).allSatisfy((request) -> {
			String user = request.queryParameter("user").firstValue();
			assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + this.api.accessToken(user, 1));
		});
		assertThat(this.api.refreshCount("alice")).isOne();
		assertThat(this.api.refreshCount("bob")).isOne();
	}

	@Test
	void requestsOfSignedInUsersCarryTheirTokens() {
		connect("alice");
		connect("bob");

		Flux.just("alice", "bob")
			.flatMap((user) -> this.webClient.get()
				.uri("/Project/GetProjects?user=" + user)
				.retrieve()
				.toBodilessEntity()
				.contextWrite(ReactiveSecurityContextHolder
					.withAuthentication(new TestingAuthenticationToken(user, null, "ROLE_USER"))))
			.then()
			.block(Duration.ofSeconds(10));

		assertThat(this.wireMock.getWireMock().find(getRequestedFor(urlPathEqualTo(PROJECTS)))).hasSize(2)
			.allSatisfy((request) -> assertThat(request.getHeader("Authorization"))
				.isEqualTo("Bearer " + this.api.accessToken(request.queryParameter("user").firstValue(), 0)));
	}

	@Test
	void requestWithoutUserFailsAndIsNotSent() {
		connect("alice");

		StepVerifier.create(this.webClient.get().uri("/Project/GetProjects").retrieve().toBodilessEntity())
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("per-user")
				.hasMessageContaining(ReactiveSessionKeyResolver.SESSION_KEY))
			.verify(Duration.ofSeconds(10));
		assertThat(this.wireMock.getWireMock().find(anyRequestedFor(urlPathEqualTo(PROJECTS)))).isEmpty();
	}

	@Test
	void anonymousUserHasNoSession() {
		connect("alice");
		AnonymousAuthenticationToken anonymous = new AnonymousAuthenticationToken("key", "anonymousUser",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

		StepVerifier
			.create(this.webClient.get()
				.uri("/Project/GetProjects")
				.retrieve()
				.toBodilessEntity()
				.contextWrite(ReactiveSecurityContextHolder.withAuthentication(anonymous)))
			.expectError(IllegalStateException.class)
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void userWhoNeverConnectedGetsAccountNotConnected() {
		StepVerifier
			.create(this.webClient.get()
				.uri("/Project/GetProjects")
				.retrieve()
				.toBodilessEntity()
				.contextWrite(Context.of(ReactiveSessionKeyResolver.SESSION_KEY, "carol")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(MarketigerAccountNotConnectedException.class)
				.hasMessageContaining("'carol'"))
			.verify(Duration.ofSeconds(10));
		assertThat(this.wireMock.getWireMock().find(anyRequestedFor(urlPathEqualTo(PROJECTS)))).isEmpty();
	}

	@Test
	void requestsToOtherHostsPassWithoutResolvingAUser() {
		MarketigerAuthExchangeFilterFunction filter = new MarketigerAuthExchangeFilterFunction(this.sessions,
				(request) -> Mono.error(new AssertionError("resolved")),
				ApiOrigin.of(URI.create("https://devapi.marketiger3d.com/v2")), ObservationRegistry.NOOP);
		WebClient other = WebClient.builder().filter(filter).build();

		other.get()
			.uri("http://localhost:" + this.wireMock.getHttpPort() + "/v2/Project/GetProjects")
			.retrieve()
			.toBodilessEntity()
			.block(Duration.ofSeconds(10));

		assertThat(this.wireMock.getWireMock().find(getRequestedFor(urlPathEqualTo(PROJECTS)))).singleElement()
			.satisfies((request) -> assertThat(request.containsHeader("Authorization")).isFalse());
	}

	private void connect(String user) {
		this.sessions.connect(user, new Credentials(UsersApiStub.email(user), UsersApiStub.PASSWORD))
			.block(Duration.ofSeconds(10));
	}

}
