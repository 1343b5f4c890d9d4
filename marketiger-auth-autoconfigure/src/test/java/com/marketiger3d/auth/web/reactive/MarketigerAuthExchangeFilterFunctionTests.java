package com.marketiger3d.auth.web.reactive;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.marketiger3d.auth.api.ApiOrigin;
import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.MutableClock;
import com.marketiger3d.auth.test.TestTimings;
import com.marketiger3d.auth.token.InMemoryTokenStore;
import com.marketiger3d.auth.token.RetryPolicy;
import com.marketiger3d.auth.token.TokenRefreshService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@WireMockTest
class MarketigerAuthExchangeFilterFunctionTests {

	/** How long a test waits for a result before it fails. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String PROJECTS = "/v2/Project/GetProjects";

	private static final String ORDERS = "/v2/Order/CreateOrder";

	private static final String ORDER = "{\"modelId\":\"5d0c7a4e-3b9f-4c1e-9d2a-1f6b8e7c0a11\",\"quantity\":3}";

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	private WireMockRuntimeInfo wireMock;

	private AuthApiStub api;

	private TokenRefreshService tokens;

	private WebClient webClient;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wireMock) {
		this.wireMock = wireMock;
		this.api = new AuthApiStub(wireMock.getWireMock(), Duration.ofMinutes(5)).loginThenRotations(2);
		URI baseUrl = URI.create("http://localhost:" + wireMock.getHttpPort() + "/v2");
		MarketigerAuthClient client = MarketigerAuthClient.builder(baseUrl).clock(this.clock).build();
		this.tokens = TokenRefreshService.builder(client, new InMemoryTokenStore())
			.credentials(new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD))
			.retryPolicy(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(50)))
			.timing(TestTimings.renewingOnEvery401())
			.clock(this.clock)
			.build();
		this.webClient = WebClient.builder()
			.baseUrl(baseUrl.toString())
			.filter(new MarketigerAuthExchangeFilterFunction(this.tokens, ApiOrigin.of(baseUrl)))
			.build();
	}

	@Test
	void addsBearerTokenToApiRequests() {
		this.wireMock.getWireMock().register(get(PROJECTS).willReturn(okJson("{\"success\":true,\"data\":{}}")));

		this.webClient.get().uri("/Project/GetProjects").retrieve().toBodilessEntity().block(TIMEOUT);

		this.wireMock.getWireMock()
			.verifyThat(getRequestedFor(urlEqualTo(PROJECTS)).withHeader("Authorization",
					equalTo("Bearer " + this.api.accessToken(0))));
	}

	@Test
	void bearerTokenReplacesAnAuthorizationTheCallerSet() {
		this.wireMock.getWireMock().register(get(PROJECTS).willReturn(okJson("{\"success\":true,\"data\":{}}")));

		this.webClient.get()
			.uri("/Project/GetProjects")
			.header("Authorization", "Basic Y2FsbGVyOnNlY3JldA==")
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT);

		assertThat(authorizationsSentTo(PROJECTS)).containsExactly(List.of("Bearer " + this.api.accessToken(0)));
	}

	@Test
	void laterFiltersSeeTheBearerTokenAndEveryPartOfTheCallersRequest() {
		this.wireMock.getWireMock().register(post(ORDERS).willReturn(okJson("{\"success\":true,\"data\":{}}")));
		Map<String, Object> seen = new ConcurrentHashMap<>();
		WebClient client = withLaterFilter((request, next) -> {
			seen.put("authorization", request.headers().getFirst(HttpHeaders.AUTHORIZATION));
			seen.put("attribute", request.attribute("order.source").orElse("none"));
			seen.put("headersReadOnly", isReadOnly(request.headers()));
			seen.put("toString", request.toString());
			// Rebuilt, as Spring's own filters do: the token stays.
			return next.exchange(ClientRequest.from(request).header("X-Later-Filter", "1").build());
		});

		client.post()
			.uri("/Order/CreateOrder")
			.header("X-Caller", "yes")
			.cookie("basket", "b-42")
			.attribute("order.source", "test")
			.httpRequest((httpRequest) -> httpRequest.getHeaders().set("X-Native", "set"))
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.bodyValue(ORDER)
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT);

		String bearer = "Bearer " + this.api.accessToken(0);
		assertThat(seen).containsEntry("authorization", bearer)
			.containsEntry("attribute", "test")
			.containsEntry("headersReadOnly", true);
		assertThat((String) seen.get("toString")).contains("POST").doesNotContain(this.api.accessToken(0));
		this.wireMock.getWireMock()
			.verifyThat(1,
					postRequestedFor(urlEqualTo(ORDERS)).withHeader("Authorization", equalTo(bearer))
						.withHeader("X-Caller", equalTo("yes"))
						.withHeader("X-Later-Filter", equalTo("1"))
						.withHeader("X-Native", equalTo("set"))
						.withCookie("basket", equalTo("b-42"))
						.withRequestBody(equalToJson(ORDER)));
	}

	@Test
	void theCallersHeadersCookiesAndRequestCallbackReachTheServerWithTheToken() {
		this.wireMock.getWireMock().register(post(ORDERS).willReturn(okJson("{\"success\":true,\"data\":{}}")));

		this.webClient.post()
			.uri("/Order/CreateOrder")
			.header("X-Caller", "yes")
			.cookie("basket", "b-42")
			.httpRequest((httpRequest) -> httpRequest.getHeaders().set("X-Native", "set"))
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.bodyValue(ORDER)
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT);

		this.wireMock.getWireMock()
			.verifyThat(1,
					postRequestedFor(urlEqualTo(ORDERS))
						.withHeader("Authorization", equalTo("Bearer " + this.api.accessToken(0)))
						.withHeader("X-Caller", equalTo("yes"))
						.withHeader("X-Native", equalTo("set"))
						.withCookie("basket", equalTo("b-42"))
						.withRequestBody(equalToJson(ORDER)));
	}

	@Test
	void aLaterFilterSeesOnlyTheBearerTokenWhereTheCallerSetAnAuthorization() {
		this.wireMock.getWireMock().register(get(PROJECTS).willReturn(okJson("{\"success\":true,\"data\":{}}")));
		List<List<String>> seen = new CopyOnWriteArrayList<>();
		WebClient client = withLaterFilter((request, next) -> {
			seen.add(request.headers().get(HttpHeaders.AUTHORIZATION));
			return next.exchange(ClientRequest.from(request).build());
		});

		client.get()
			.uri("/Project/GetProjects")
			.header("Authorization", "Basic Y2FsbGVyOnNlY3JldA==")
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT);

		String bearer = "Bearer " + this.api.accessToken(0);
		assertThat(seen).containsExactly(List.of(bearer));
		assertThat(authorizationsSentTo(PROJECTS)).containsExactly(List.of(bearer));
	}

	@Test
	void theFilterAppliedTwiceReplaysOnceWithTheNewToken() {
		this.wireMock.getWireMock()
			.register(post(ORDERS).withHeader("Authorization", equalTo("Bearer " + this.api.accessToken(0)))
				.willReturn(unauthorized()));
		this.wireMock.getWireMock()
			.register(post(ORDERS).withHeader("Authorization", equalTo("Bearer " + this.api.accessToken(1)))
				.willReturn(okJson("{\"success\":true,\"data\":{\"orderId\":\"o-1\"}}")));
		List<String> seenLast = new CopyOnWriteArrayList<>();
		URI baseUrl = URI.create(this.wireMock.getHttpBaseUrl() + "/v2");
		MarketigerAuthExchangeFilterFunction filter = new MarketigerAuthExchangeFilterFunction(this.tokens,
				ApiOrigin.of(baseUrl));
		WebClient client = WebClient.builder()
			.baseUrl(baseUrl.toString())
			.filter(filter)
			.filter(filter)
			.filter((request, next) -> {
				seenLast.add(request.headers().getFirst(HttpHeaders.AUTHORIZATION));
				return next.exchange(request);
			})
			.build();

		String body = client.post()
			.uri("/Order/CreateOrder")
			.bodyValue(ORDER)
			.retrieve()
			.bodyToMono(String.class)
			.block(TIMEOUT);

		assertThat(body).contains("o-1");
		List<String> sent = authorizationsSentTo(ORDERS).stream().map((values) -> values.get(0)).toList();
		assertThat(sent).containsExactly("Bearer " + this.api.accessToken(0), "Bearer " + this.api.accessToken(1));
		assertThat(seenLast).isEqualTo(sent);
		assertThat(this.api.refreshCount()).isOne();
	}

	/** A client with the filter, then {@code later} between it and the exchange. */
	private WebClient withLaterFilter(ExchangeFilterFunction later) {
		URI baseUrl = URI.create(this.wireMock.getHttpBaseUrl() + "/v2");
		return WebClient.builder()
			.baseUrl(baseUrl.toString())
			.filter(new MarketigerAuthExchangeFilterFunction(this.tokens, ApiOrigin.of(baseUrl)))
			.filter(later)
			.build();
	}

	/** The Authorization values of each request to the path, oldest first. */
	private List<List<String>> authorizationsSentTo(String path) {
		List<ServeEvent> served = new ArrayList<>(this.wireMock.getWireMock().getServeEvents());
		Collections.reverse(served);
		return served.stream()
			.filter((event) -> event.getRequest().getUrl().equals(path))
			.map((event) -> event.getRequest().getHeaders().getHeader("Authorization").values())
			.toList();
	}

	private static boolean isReadOnly(HttpHeaders headers) {
		try {
			headers.set("X-Probe", "1");
			return false;
		}
		catch (UnsupportedOperationException ex) {
			return true;
		}
	}

	@Test
	void neverSendsTheTokenToAnotherHostOrPort() {
		WireMockServer other = new WireMockServer(wireMockConfig().dynamicPort());
		other.start();
		try {
			other.stubFor(get(urlPathEqualTo("/v2/Project/GetProjects")).willReturn(okJson("{}")));
			this.wireMock.getWireMock().register(get(PROJECTS).willReturn(okJson("{}")));

			this.webClient.get()
				.uri("http://localhost:" + other.port() + "/v2/Project/GetProjects")
				.retrieve()
				.toBodilessEntity()
				.block(TIMEOUT);
			this.webClient.get()
				.uri("http://127.0.0.1:" + this.wireMock.getHttpPort() + "/v2/Project/GetProjects")
				.retrieve()
				.toBodilessEntity()
				.block(TIMEOUT);

			other.verify(getRequestedFor(urlEqualTo(PROJECTS)).withHeader("Authorization", absent()));
			this.wireMock.getWireMock()
				.verifyThat(getRequestedFor(urlEqualTo(PROJECTS)).withHeader("Authorization", absent()));
			assertThat(this.api.loginCount()).isZero();
		}
		finally {
			other.stop();
		}
	}

	@Test
	void leavesAuthEndpointsUntouched() {
		this.webClient.post()
			.uri("/Auth/Login")
			.bodyValue(Map.of("email", AuthApiStub.EMAIL, "password", AuthApiStub.PASSWORD))
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT);

		this.wireMock.getWireMock()
			.verifyThat(1, postRequestedFor(urlEqualTo(AuthApiStub.LOGIN)).withHeader("Authorization", absent()));
	}

	@Test
	void rejectedTokenLeadsToOneRefreshAndOneReplayWithTheSameBody() {
		this.wireMock.getWireMock()
			.register(post(ORDERS).withHeader("Authorization", equalTo("Bearer " + this.api.accessToken(0)))
				.willReturn(unauthorized().withBody("{\"success\":false,\"error\":{\"type\":\"AUTHENTICATION\"}}")));
		this.wireMock.getWireMock()
			.register(post(ORDERS).withHeader("Authorization", equalTo("Bearer " + this.api.accessToken(1)))
				.willReturn(okJson("{\"success\":true,\"data\":{\"orderId\":\"o-1\"}}")));

		String body = this.webClient.post()
			.uri("/Order/CreateOrder")
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.bodyValue(ORDER)
			.retrieve()
			.bodyToMono(String.class)
			.block(TIMEOUT);

		assertThat(body).contains("o-1");
		assertThat(this.api.refreshCount()).isOne();
		this.wireMock.getWireMock()
			.verifyThat(2, postRequestedFor(urlEqualTo(ORDERS)).withRequestBody(equalToJson(ORDER)));
	}

	@Test
	void secondRejectionReachesTheCaller() {
		this.wireMock.getWireMock().register(post(ORDERS).willReturn(unauthorized()));

		assertThatExceptionOfType(WebClientResponseException.class)
			.isThrownBy(() -> this.webClient.post()
				.uri("/Order/CreateOrder")
				.bodyValue(ORDER)
				.retrieve()
				.toBodilessEntity()
				.block(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED));
		assertThat(this.api.refreshCount()).isOne();
		this.wireMock.getWireMock().verifyThat(2, postRequestedFor(urlEqualTo(ORDERS)));
	}

	@Test
	void endpointThatRefusesEveryTokenRotatesTheRefreshTokenOnceNotOncePerRequest() {
		this.wireMock.getWireMock().register(post(ORDERS).willReturn(unauthorized()));
		URI baseUrl = URI.create(this.wireMock.getHttpBaseUrl() + "/v2");
		TokenRefreshService tokens = TokenRefreshService
			.builder(MarketigerAuthClient.builder(baseUrl).clock(this.clock).build(), new InMemoryTokenStore())
			.credentials(new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD))
			.clock(this.clock)
			.build();
		WebClient webClient = WebClient.builder()
			.baseUrl(baseUrl.toString())
			.filter(new MarketigerAuthExchangeFilterFunction(tokens, ApiOrigin.of(baseUrl)))
			.build();
		tokens.accessToken().block(TIMEOUT);

		for (int i = 0; i < 10; i++) {
			assertThatExceptionOfType(WebClientResponseException.class)
				.isThrownBy(() -> webClient.post()
					.uri("/Order/CreateOrder")
					.bodyValue(ORDER)
					.retrieve()
					.toBodilessEntity()
					.block(TIMEOUT))
				.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED));
		}
		assertThat(this.api.refreshCount()).isOne();
		this.wireMock.getWireMock().verifyThat(11, postRequestedFor(urlEqualTo(ORDERS)));
	}

	@Test
	void concurrentRejectionsOfOneTokenCauseOneRefresh() {
		this.wireMock.getWireMock()
			.register(get(PROJECTS).withHeader("Authorization", equalTo("Bearer " + this.api.accessToken(0)))
				.willReturn(unauthorized()));
		this.wireMock.getWireMock()
			.register(get(PROJECTS).withHeader("Authorization", equalTo("Bearer " + this.api.accessToken(1)))
				.willReturn(okJson("{\"success\":true,\"data\":{}}")));
		this.tokens.accessToken().block(TIMEOUT);

		List<Integer> statuses = Flux.range(0, 50)
			.flatMap((i) -> this.webClient.get()
				.uri("/Project/GetProjects")
				.retrieve()
				.toBodilessEntity()
				.map((entity) -> entity.getStatusCode().value())
				.subscribeOn(Schedulers.parallel()))
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(statuses).hasSize(50).containsOnly(200);
		assertThat(this.api.refreshCount()).isOne();
	}

	@Test
	void otherErrorStatusesAreNotReplayed() {
		this.wireMock.getWireMock().register(get(PROJECTS).willReturn(aResponse().withStatus(403)));

		assertThatExceptionOfType(WebClientResponseException.class).isThrownBy(
				() -> this.webClient.get().uri("/Project/GetProjects").retrieve().toBodilessEntity().block(TIMEOUT));
		assertThat(this.api.refreshCount()).isZero();
		this.wireMock.getWireMock().verifyThat(1, getRequestedFor(urlEqualTo(PROJECTS)));
	}

}
