package com.marketiger3d.auth.web.servlet;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.marketiger3d.auth.api.ApiOrigin;
import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.MutableClock;
import com.marketiger3d.auth.test.TestTimings;
import com.marketiger3d.auth.token.BlockingTokenAccess;
import com.marketiger3d.auth.token.InMemoryTokenStore;
import com.marketiger3d.auth.token.RetryPolicy;
import com.marketiger3d.auth.token.TokenRefreshService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.util.DefaultUriBuilderFactory;

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
class MarketigerAuthClientHttpRequestInterceptorTests {

	private static final String PROJECTS = "/v2/Project/GetProjects";

	private static final String ORDERS = "/v2/Order/CreateOrder";

	private static final String ORDER = "{\"modelId\":\"5d0c7a4e-3b9f-4c1e-9d2a-1f6b8e7c0a11\",\"quantity\":3}";

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	private WireMockRuntimeInfo wireMock;

	private AuthApiStub api;

	private URI baseUrl;

	private TokenRefreshService tokens;

	private MarketigerAuthClientHttpRequestInterceptor interceptor;

	private RestClient restClient;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wireMock) {
		this.wireMock = wireMock;
		this.api = new AuthApiStub(wireMock.getWireMock(), Duration.ofMinutes(5)).loginThenRotations(2);
		this.baseUrl = URI.create("http://localhost:" + wireMock.getHttpPort() + "/v2");
		MarketigerAuthClient client = MarketigerAuthClient.builder(this.baseUrl).clock(this.clock).build();
		this.tokens = TokenRefreshService.builder(client, new InMemoryTokenStore())
			.credentials(new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD))
			.retryPolicy(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(50)))
			.timing(TestTimings.renewingOnEvery401())
			.clock(this.clock)
			.build();
		this.interceptor = new MarketigerAuthClientHttpRequestInterceptor(
				new BlockingTokenAccess(this.tokens, Duration.ofSeconds(30)), ApiOrigin.of(this.baseUrl));
		this.restClient = RestClient.builder()
			.requestFactory(requestFactory())
			.baseUrl(this.baseUrl.toString())
			.requestInterceptor(this.interceptor)
			.build();
	}

	@Test
	void addsBearerTokenToApiRequests() {
		this.wireMock.getWireMock().register(get(PROJECTS).willReturn(okJson("{\"success\":true,\"data\":{}}")));

		this.restClient.get().uri("/Project/GetProjects").retrieve().toBodilessEntity();

		this.wireMock.getWireMock()
			.verifyThat(getRequestedFor(urlEqualTo(PROJECTS)).withHeader("Authorization",
					equalTo("Bearer " + this.api.accessToken(0))));
		assertThat(this.api.loginCount()).isOne();
	}

	@Test
	void neverSendsTheTokenToAnotherHostOrPort() {
		WireMockServer other = new WireMockServer(wireMockConfig().dynamicPort());
		other.start();
		try {
			other.stubFor(get(urlPathEqualTo(PROJECTS)).willReturn(okJson("{}")));
			this.wireMock.getWireMock().register(get(PROJECTS).willReturn(okJson("{}")));

			this.restClient.get()
				.uri("http://localhost:" + other.port() + "/v2/Project/GetProjects")
				.retrieve()
				.toBodilessEntity();
			this.restClient.get()
				.uri("http://127.0.0.1:" + this.wireMock.getHttpPort() + "/v2/Project/GetProjects")
				.retrieve()
				.toBodilessEntity();

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
		this.restClient.post()
			.uri("/Auth/Login")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", AuthApiStub.EMAIL, "password", AuthApiStub.PASSWORD))
			.retrieve()
			.toBodilessEntity();

		this.wireMock.getWireMock()
			.verifyThat(1, postRequestedFor(urlEqualTo(AuthApiStub.LOGIN)).withHeader("Authorization", absent()));
	}

	@Test
	void rejectedTokenLeadsToOneRefreshAndOneReplayWithTheSameBodyAndHeaders() {
		stubOrdersRejectingTheFirstToken();

		String body = this.restClient.post()
			.uri("/Order/CreateOrder")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Request-Id", "r-42")
			.body(ORDER)
			.retrieve()
			.body(String.class);

		assertThat(body).contains("o-1");
		assertThat(this.api.refreshCount()).isOne();
		this.wireMock.getWireMock()
			.verifyThat(2, postRequestedFor(urlEqualTo(ORDERS)).withRequestBody(equalToJson(ORDER))
				.withHeader("X-Request-Id", equalTo("r-42")));
		this.wireMock.getWireMock()
			.verifyThat(1, postRequestedFor(urlEqualTo(ORDERS)).withHeader("Authorization",
					equalTo("Bearer " + this.api.accessToken(1))));
	}

	@Test
	void restTemplateGetsTheSameGuarantees() {
		stubOrdersRejectingTheFirstToken();
		RestTemplate restTemplate = new RestTemplate(requestFactory());
		restTemplate.setUriTemplateHandler(new DefaultUriBuilderFactory(this.baseUrl.toString()));
		restTemplate.getInterceptors().add(this.interceptor);

		String body = restTemplate.postForObject("/Order/CreateOrder", jsonEntity(ORDER), String.class);

		assertThat(body).contains("o-1");
		assertThat(this.api.refreshCount()).isOne();
		this.wireMock.getWireMock()
			.verifyThat(2, postRequestedFor(urlEqualTo(ORDERS)).withRequestBody(equalToJson(ORDER)));
	}

	@Test
	void secondRejectionReachesTheCaller() {
		this.wireMock.getWireMock().register(post(ORDERS).willReturn(unauthorized()));

		assertThatExceptionOfType(HttpClientErrorException.class)
			.isThrownBy(() -> this.restClient.post()
				.uri("/Order/CreateOrder")
				.contentType(MediaType.APPLICATION_JSON)
				.body(ORDER)
				.retrieve()
				.toBodilessEntity())
			.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED));
		assertThat(this.api.refreshCount()).isOne();
		this.wireMock.getWireMock().verifyThat(2, postRequestedFor(urlEqualTo(ORDERS)));
	}

	@Test
	void endpointThatRefusesEveryTokenRotatesTheRefreshTokenOnceNotOncePerRequest() {
		this.wireMock.getWireMock().register(post(ORDERS).willReturn(unauthorized()));
		TokenRefreshService tokens = TokenRefreshService
			.builder(MarketigerAuthClient.builder(this.baseUrl).clock(this.clock).build(), new InMemoryTokenStore())
			.credentials(new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD))
			.clock(this.clock)
			.build();
		RestClient restClient = RestClient.builder()
			.requestFactory(requestFactory())
			.baseUrl(this.baseUrl.toString())
			.requestInterceptor(new MarketigerAuthClientHttpRequestInterceptor(
					new BlockingTokenAccess(tokens, Duration.ofSeconds(30)), ApiOrigin.of(this.baseUrl)))
			.build();
		tokens.accessToken().block(Duration.ofSeconds(30));

		for (int i = 0; i < 10; i++) {
			assertThatExceptionOfType(HttpClientErrorException.class)
				.isThrownBy(() -> restClient.post()
					.uri("/Order/CreateOrder")
					.contentType(MediaType.APPLICATION_JSON)
					.body(ORDER)
					.retrieve()
					.toBodilessEntity())
				.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED));
		}
		assertThat(this.api.refreshCount()).isOne();
		this.wireMock.getWireMock().verifyThat(11, postRequestedFor(urlEqualTo(ORDERS)));
	}

	@Test
	void otherErrorStatusesAreNotReplayed() {
		this.wireMock.getWireMock().register(get(PROJECTS).willReturn(aResponse().withStatus(403)));

		assertThatExceptionOfType(HttpClientErrorException.class)
			.isThrownBy(() -> this.restClient.get().uri("/Project/GetProjects").retrieve().toBodilessEntity())
			.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN));
		assertThat(this.api.refreshCount()).isZero();
		this.wireMock.getWireMock().verifyThat(1, getRequestedFor(urlEqualTo(PROJECTS)));
	}

	@Test
	void concurrentRejectionsOfOneTokenCauseOneRefresh() throws InterruptedException {
		stubProjectsAcceptingOnlyTheSecondToken();
		this.tokens.accessToken().block(Duration.ofSeconds(10));

		List<Integer> statuses = callProjectsFromPlatformThreads(50);

		assertThat(statuses).hasSize(50).containsOnly(200);
		assertThat(this.api.refreshCount()).isOne();
	}

	@Test
	void servletThreadsArrivingAtExpiryCauseExactlyOneRefresh() throws InterruptedException {
		stubProjectsAcceptingOnlyTheSecondToken();
		this.tokens.accessToken().block(Duration.ofSeconds(10));
		this.clock.advance(Duration.ofMinutes(5));

		List<Integer> statuses = callProjectsFromPlatformThreads(200);

		assertThat(statuses).hasSize(200).containsOnly(200);
		assertThat(this.api.loginCount()).isOne();
		assertThat(this.api.refreshCount()).isOne();
		// Every caller waited for the refresh: none sent the expired token.
		this.wireMock.getWireMock()
			.verifyThat(0, getRequestedFor(urlEqualTo(PROJECTS)).withHeader("Authorization",
					equalTo("Bearer " + this.api.accessToken(0))));
	}

	@Test
	void refusesToBlockAnEventLoopThread() {
		this.wireMock.getWireMock().register(get(PROJECTS).willReturn(okJson("{}")));

		StepVerifier
			.create(Mono
				.fromCallable(() -> this.restClient.get().uri("/Project/GetProjects").retrieve().toBodilessEntity())
				.subscribeOn(Schedulers.parallel()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("must not block"))
			.verify(Duration.ofSeconds(10));
		this.wireMock.getWireMock().verifyThat(0, getRequestedFor(urlEqualTo(PROJECTS)));
	}

	@Test
	void toStringNamesTheOriginOnly() {
		assertThat(this.interceptor.toString()).startsWith("MarketigerAuthClientHttpRequestInterceptor[ApiOrigin[")
			.contains("localhost:" + this.wireMock.getHttpPort());
	}

	private List<Integer> callProjectsFromPlatformThreads(int count) throws InterruptedException {
		CountDownLatch start = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(count);
		Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
		Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Thread thread = new Thread(() -> {
				try {
					start.await();
					statuses.add(this.restClient.get()
						.uri("/Project/GetProjects")
						.retrieve()
						.toBodilessEntity()
						.getStatusCode()
						.value());
				}
				catch (Throwable ex) {
					failures.add(ex);
				}
				finally {
					done.countDown();
				}
			}, "servlet-thread-" + i);
			thread.setDaemon(true);
			thread.start();
			threads.add(thread);
		}
		start.countDown();
		assertThat(done.await(60, TimeUnit.SECONDS)).as("all %d calls finished", count).isTrue();
		assertThat(failures).isEmpty();
		return new ArrayList<>(statuses);
	}

	private void stubOrdersRejectingTheFirstToken() {
		this.wireMock.getWireMock()
			.register(post(ORDERS).withHeader("Authorization", equalTo("Bearer " + this.api.accessToken(0)))
				.willReturn(unauthorized().withBody("{\"success\":false,\"error\":{\"type\":\"AUTHENTICATION\"}}")));
		this.wireMock.getWireMock()
			.register(post(ORDERS).withHeader("Authorization", equalTo("Bearer " + this.api.accessToken(1)))
				.willReturn(okJson("{\"success\":true,\"data\":{\"orderId\":\"o-1\"}}")));
	}

	private void stubProjectsAcceptingOnlyTheSecondToken() {
		this.wireMock.getWireMock()
			.register(get(PROJECTS).withHeader("Authorization", equalTo("Bearer " + this.api.accessToken(0)))
				.willReturn(unauthorized()));
		this.wireMock.getWireMock()
			.register(get(PROJECTS).withHeader("Authorization", equalTo("Bearer " + this.api.accessToken(1)))
				.willReturn(okJson("{\"success\":true,\"data\":{}}")));
	}

	private static HttpEntity<String> jsonEntity(String json) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return new HttpEntity<>(json, headers);
	}

	/** A blocking HTTP/1.1 client, as a servlet application typically has. */
	private static JdkClientHttpRequestFactory requestFactory() {
		return new JdkClientHttpRequestFactory(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
	}

}
