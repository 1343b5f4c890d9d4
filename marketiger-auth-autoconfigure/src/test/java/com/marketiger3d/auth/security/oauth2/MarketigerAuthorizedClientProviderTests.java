package com.marketiger3d.auth.security.oauth2;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.api.RefreshTokenRejectedException;
import com.marketiger3d.auth.api.TransientAuthFailureException;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.MutableClock;
import com.marketiger3d.auth.test.TestJwts;
import com.marketiger3d.auth.test.UsersApiStub;
import com.marketiger3d.auth.token.AccessTokenTimeoutException;
import com.marketiger3d.auth.token.RetryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver;
import org.springframework.security.oauth2.client.web.client.RequestAttributePrincipalResolver;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The blocking provider end to end: a {@code RestClient} with Spring Security's
 * {@link OAuth2ClientHttpRequestInterceptor}, an
 * {@link AuthorizedClientServiceOAuth2AuthorizedClientManager} over an
 * {@link InMemoryOAuth2AuthorizedClientService}, and WireMock playing the API.
 */
@WireMockTest
class MarketigerAuthorizedClientProviderTests {

	private static final String PROJECTS = "/v2/Project/GetProjects";

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	private final ExecutorService threads = Executors.newFixedThreadPool(20);

	private WireMock wireMock;

	private UsersApiStub api;

	private ClientRegistration registration;

	private MarketigerReactiveAuthorizedClientProvider reactiveProvider;

	private InMemoryOAuth2AuthorizedClientService authorizedClients;

	private AuthorizedClientServiceOAuth2AuthorizedClientManager manager;

	private RestClient restClient;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wireMockInfo) {
		this.wireMock = wireMockInfo.getWireMock();
		this.api = new UsersApiStub(this.wireMock, LIFETIME).user("alice", 2).user("dave", 0);
		for (String token : List.of(this.api.accessToken("alice", 0), this.api.accessToken("alice", 1),
				this.api.accessToken("dave", 0))) {
			this.wireMock.register(get(urlPathEqualTo(PROJECTS)).withHeader("Authorization", equalTo("Bearer " + token))
				.willReturn(okJson("{\"success\":true,\"data\":{\"projects\":[]}}")));
		}
		this.wireMock.register(get(urlPathEqualTo(PROJECTS)).atPriority(10).willReturn(unauthorized()));
		URI baseUrl = URI.create(wireMockInfo.getHttpBaseUrl() + "/v2");
		this.registration = ClientRegistration.withRegistrationId("marketiger")
			.clientId("marketplace-app")
			.authorizationGrantType(MarketigerReactiveAuthorizedClientProvider.LOGIN_GRANT_TYPE)
			.tokenUri(baseUrl + "/Auth/Login")
			.build();
		InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(
				this.registration);
		this.authorizedClients = new InMemoryOAuth2AuthorizedClientService(registrations);
		this.reactiveProvider = MarketigerReactiveAuthorizedClientProvider
			.builder(MarketigerAuthClient.builder(baseUrl).clock(this.clock).build())
			.authorizedClientService(this.authorizedClients)
			.clock(this.clock)
			.retryPolicy(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1)))
			.build();
		this.manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, this.authorizedClients);
		this.manager.setAuthorizedClientProvider(
				new MarketigerAuthorizedClientProvider(this.reactiveProvider, Duration.ofSeconds(10)));
		this.manager.setContextAttributesMapper(MarketigerLoginAttributes.contextAttributesMapper());
		OAuth2ClientHttpRequestInterceptor oauth2 = new OAuth2ClientHttpRequestInterceptor(this.manager);
		oauth2.setPrincipalResolver(new RequestAttributePrincipalResolver());
		this.restClient = RestClient.builder().baseUrl(baseUrl.toString()).requestInterceptor(oauth2).build();
	}

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@Test
	void connectedUsersTokenIsSentAndReusedWhileFresh() {
		OAuth2AuthorizedClient connected = connect("alice");

		projects("alice");
		this.clock.advance(Duration.ofMinutes(3));
		projects("alice");

		assertThat(connected.getAccessToken().getExpiresAt())
			.isEqualTo(this.clock.instant().minus(Duration.ofMinutes(3)).plus(LIFETIME));
		assertThat(this.api.loginCount("alice")).isOne();
		assertThat(this.api.refreshCount("alice")).isZero();
		assertThat(this.wireMock.find(getRequestedFor(urlPathEqualTo(PROJECTS)))).hasSize(2)
			.allSatisfy((request) -> assertThat(request.getHeader("Authorization"))
				.isEqualTo("Bearer " + this.api.accessToken("alice", 0)));
	}

	@Test
	void concurrentRequestThreadsAtExpiryRefreshOnce() throws Exception {
		connect("alice");
		this.clock.advance(LIFETIME);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> requests = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			requests.add(this.threads.submit(() -> {
				start.await();
				projects("alice");
				return null;
			}));
		}

		start.countDown();
		for (Future<?> request : requests) {
			request.get();
		}

		assertThat(this.api.refreshCount("alice")).isOne();
		assertThat(this.wireMock.find(getRequestedFor(urlPathEqualTo(PROJECTS)))).hasSize(20)
			.allSatisfy((request) -> assertThat(request.getHeader("Authorization"))
				.isEqualTo("Bearer " + this.api.accessToken("alice", 1)));
		assertThat(stored("alice").getAccessToken().getTokenValue()).isEqualTo(this.api.accessToken("alice", 1));
	}

	@Test
	void rejectedRefreshTokenRemovesTheClient() {
		connect("dave");
		this.clock.advance(LIFETIME);

		assertThatExceptionOfType(ClientAuthorizationException.class).isThrownBy(() -> projects("dave"))
			.satisfies((failure) -> assertThat(failure.getError().getErrorCode())
				.isEqualTo(OAuth2ErrorCodes.INVALID_GRANT))
			.withCauseInstanceOf(RefreshTokenRejectedException.class);
		assertThat(stored("dave")).isNull();
	}

	@Test
	void transientFailureKeepsTheClient() {
		connect("alice");
		this.wireMock
			.register(post(urlEqualTo(AuthApiStub.REFRESH)).atPriority(1).willReturn(aResponse().withStatus(503)));
		this.clock.advance(LIFETIME);

		assertThatExceptionOfType(ClientAuthorizationException.class).isThrownBy(() -> projects("alice"))
			.satisfies((failure) -> assertThat(failure.getError().getErrorCode())
				.isEqualTo(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE))
			.withCauseInstanceOf(TransientAuthFailureException.class);
		assertThat(stored("alice").getAccessToken().getTokenValue()).isEqualTo(this.api.accessToken("alice", 0));
	}

	@Test
	void callerThatWaitsLongerThanTheTimeoutGivesUpButTheRefreshGoesOn() {
		connect("alice");
		this.wireMock.register(post(urlEqualTo(AuthApiStub.REFRESH)).atPriority(1)
			.withRequestBody(matchingJsonPath("$.refreshToken", equalTo("refresh-alice-0")))
			.willReturn(
					AuthApiStub.envelope(this.api.accessToken("alice", 1), "refresh-alice-1").withFixedDelay(1500)));
		AuthorizedClientServiceOAuth2AuthorizedClientManager impatient = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				new InMemoryClientRegistrationRepository(this.registration), this.authorizedClients);
		impatient.setAuthorizedClientProvider(
				new MarketigerAuthorizedClientProvider(this.reactiveProvider, Duration.ofMillis(50)));
		this.clock.advance(LIFETIME);

		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> impatient.authorize(
					OAuth2AuthorizeRequest.withClientRegistrationId("marketiger").principal(user("alice")).build()))
			.satisfies((failure) -> assertThat(failure.getError().getErrorCode())
				.isEqualTo(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE))
			.withCauseInstanceOf(AccessTokenTimeoutException.class)
			.withMessageContaining("marketiger.auth.blocking-timeout");
		assertThat(stored("alice")).isNotNull();

		// The patient manager joins the refresh still running: one RefreshToken in all.
		projects("alice");
		assertThat(this.api.refreshCount("alice")).isOne();
		assertThat(stored("alice").getAccessToken().getTokenValue()).isEqualTo(this.api.accessToken("alice", 1));
	}

	@Test
	void callerThatGivesUpOnARefreshBeforeItsTokenExpiresKeepsUsingTheCurrentToken() {
		HeldRefreshes auth = new HeldRefreshes(this.clock);
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = impatientManager(auth);
		OAuth2AuthorizedClient current = storedClient("alice", "refresh-alice-0");
		this.authorizedClients.saveAuthorizedClient(current, user("alice"));
		this.clock.advance(LIFETIME.minusSeconds(30));

		OAuth2AuthorizedClient whileRefreshing = manager.authorize(request("alice"));
		assertThat(whileRefreshing.getAccessToken().getTokenValue())
			.isEqualTo(current.getAccessToken().getTokenValue());
		assertThat(manager.authorize(request("alice")).getAccessToken().getTokenValue())
			.as("a second caller joins the same refresh and gives up as well")
			.isEqualTo(current.getAccessToken().getTokenValue());

		String renewed = TestJwts.issued(this.clock.instant(), LIFETIME);
		auth.answer(0, new IssuedTokens(renewed, "refresh-alice-1"));
		assertThat(manager.authorize(request("alice")).getAccessToken().getTokenValue()).isEqualTo(renewed);
		assertThat(stored("alice").getRefreshToken().getTokenValue()).isEqualTo("refresh-alice-1");
		assertThat(auth.sent).containsExactly("refresh-alice-0");
	}

	@Test
	void callerThatGivesUpOnAConnectIsToldSo() {
		HeldLogin auth = new HeldLogin(this.clock);
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = impatientManager(auth);
		this.authorizedClients.saveAuthorizedClient(storedClient("alice", "refresh-alice-0"), user("alice"));

		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("marketiger")
				.principal(user("alice"))
				.attributes(MarketigerLoginAttributes.credentials(UsersApiStub.email("alice"), UsersApiStub.PASSWORD))
				.build()))
			.satisfies((failure) -> assertThat(failure.getError().getErrorCode())
				.isEqualTo(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE))
			.withCauseInstanceOf(AccessTokenTimeoutException.class);
	}

	@Test
	void renewalThatOutlastedItsCallerReachesTheServiceAtOnce() {
		HeldRefreshes auth = new HeldRefreshes(this.clock);
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = impatientManager(auth);
		this.authorizedClients.saveAuthorizedClient(storedClient("alice", "refresh-alice-0"), user("alice"));
		this.clock.advance(LIFETIME);

		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> manager.authorize(request("alice")))
			.withCauseInstanceOf(AccessTokenTimeoutException.class);
		String renewed = TestJwts.issued(this.clock.instant(), Duration.ofHours(1));
		auth.answer(0, new IssuedTokens(renewed, "refresh-alice-1"));
		// The engine stores the renewed pair itself: no caller needs to receive it.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(stored("alice").getRefreshToken().getTokenValue()).isEqualTo("refresh-alice-1"));

		// Past the rotation memory, and another user's connect runs the sweep.
		this.clock.advance(Duration.ofMinutes(10));
		manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("marketiger")
			.principal(user("dave"))
			.attributes(MarketigerLoginAttributes.credentials(UsersApiStub.email("dave"), UsersApiStub.PASSWORD))
			.build());

		OAuth2AuthorizedClient healed = manager.authorize(request("alice"));
		assertThat(healed.getAccessToken().getTokenValue()).isEqualTo(renewed);
		assertThat(stored("alice").getRefreshToken().getTokenValue()).isEqualTo("refresh-alice-1");
		assertThat(auth.sent).containsExactly("refresh-alice-0");
	}

	@Test
	void blockingOnANonBlockingThreadIsRefused() {
		connect("alice");
		OAuth2AuthorizationContext context = OAuth2AuthorizationContext.withAuthorizedClient(stored("alice"))
			.principal(user("alice"))
			.build();
		MarketigerAuthorizedClientProvider provider = new MarketigerAuthorizedClientProvider(this.reactiveProvider,
				Duration.ofSeconds(10));

		Mono<OAuth2AuthorizedClient> onEventLoop = Mono.fromCallable(() -> provider.authorize(context))
			.subscribeOn(Schedulers.parallel());

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> onEventLoop.block(Duration.ofSeconds(10)))
			.withMessageContaining("must not block");
	}

	@Test
	void otherRegistrationsAreLeftToOtherProviders() {
		MarketigerAuthorizedClientProvider provider = new MarketigerAuthorizedClientProvider(this.reactiveProvider,
				Duration.ofSeconds(10));
		ClientRegistration other = ClientRegistration.withRegistrationId("other")
			.clientId("app")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri("https://other.example/token")
			.build();
		OAuth2AuthorizationContext context = OAuth2AuthorizationContext.withClientRegistration(other)
			.principal(user("alice"))
			.build();
		OAuth2AuthorizedClient fromOthers = new OAuth2AuthorizedClient(other, "alice",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "other-token", this.clock.instant(),
						this.clock.instant().plus(LIFETIME)));
		OAuth2AuthorizedClientProvider others = (ignored) -> fromOthers;

		assertThat(provider.authorize(context)).isNull();
		assertThat(provider.combinedWith(others).authorize(context)).isSameAs(fromOthers);
		assertThat(provider.combinedWith(others)
			.authorize(OAuth2AuthorizationContext.withClientRegistration(this.registration)
				.principal(user("alice"))
				.build()))
			.isNull();
		assertThat(provider.getTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(provider)
			.hasToString("MarketigerAuthorizedClientProvider[registrationId=marketiger, timeout=PT10S]");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MarketigerAuthorizedClientProvider(this.reactiveProvider, Duration.ZERO));
	}

	private OAuth2AuthorizedClient connect(String user) {
		return this.manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("marketiger")
			.principal(user(user))
			.attributes(MarketigerLoginAttributes.credentials(UsersApiStub.email(user), UsersApiStub.PASSWORD))
			.build());
	}

	private void projects(String user) {
		this.restClient.get()
			.uri("/Project/GetProjects?user=" + user)
			.attributes(RequestAttributeClientRegistrationIdResolver.clientRegistrationId("marketiger"))
			.attributes(RequestAttributePrincipalResolver.principal(user(user)))
			.retrieve()
			.toBodilessEntity();
	}

	private AuthorizedClientServiceOAuth2AuthorizedClientManager impatientManager(MarketigerAuthClient auth) {
		MarketigerReactiveAuthorizedClientProvider provider = MarketigerReactiveAuthorizedClientProvider.builder(auth)
			.authorizedClientService(this.authorizedClients)
			.clock(this.clock)
			.retryPolicy(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1)))
			.build();
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				new InMemoryClientRegistrationRepository(this.registration), this.authorizedClients);
		manager.setAuthorizedClientProvider(new MarketigerAuthorizedClientProvider(provider, Duration.ofMillis(50)));
		manager.setContextAttributesMapper(MarketigerLoginAttributes.contextAttributesMapper());
		return manager;
	}

	private OAuth2AuthorizedClient storedClient(String user, String refreshToken) {
		Instant now = this.clock.instant();
		return new OAuth2AuthorizedClient(
				this.registration, user, new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
						TestJwts.issued(now, LIFETIME), now, now.plus(LIFETIME)),
				new OAuth2RefreshToken(refreshToken, now, now.plus(Duration.ofHours(12))));
	}

	private static OAuth2AuthorizeRequest request(String user) {
		return OAuth2AuthorizeRequest.withClientRegistrationId("marketiger").principal(user(user)).build();
	}

	private OAuth2AuthorizedClient stored(String user) {
		return this.authorizedClients.loadAuthorizedClient("marketiger", user);
	}

	private static Authentication user(String name) {
		return new TestingAuthenticationToken(name, null, "ROLE_USER");
	}

	/**
	 * An auth client whose Login never answers.
	 */
	private static final class HeldLogin extends MarketigerAuthClient {

		HeldLogin(Clock clock) {
			super(WebClient.create(), Duration.ofSeconds(5), clock);
		}

		@Override
		public Mono<IssuedTokens> login(Credentials credentials) {
			return Mono.never();
		}

	}

	/**
	 * An auth client whose RefreshToken calls wait until the test answers them, and whose
	 * Login answers at once.
	 */
	private static final class HeldRefreshes extends MarketigerAuthClient {

		private final Clock clock;

		private final List<String> sent = new CopyOnWriteArrayList<>();

		private final List<Sinks.One<IssuedTokens>> answers = new CopyOnWriteArrayList<>();

		HeldRefreshes(Clock clock) {
			super(WebClient.create(), Duration.ofSeconds(5), clock);
			this.clock = clock;
		}

		@Override
		public Mono<IssuedTokens> login(Credentials credentials) {
			return Mono.just(new IssuedTokens(TestJwts.issued(this.clock.instant(), LIFETIME), "refresh-login"));
		}

		@Override
		public Mono<IssuedTokens> refresh(String accessToken, String refreshToken) {
			Sinks.One<IssuedTokens> answer = Sinks.one();
			this.answers.add(answer);
			this.sent.add(refreshToken);
			return answer.asMono();
		}

		void answer(int call, IssuedTokens tokens) {
			assertThat(this.answers.get(call).tryEmitValue(tokens).isSuccess()).isTrue();
		}

	}

}
