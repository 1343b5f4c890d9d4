package com.marketiger3d.auth.security.oauth2;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.marketiger3d.auth.api.InvalidCredentialsException;
import com.marketiger3d.auth.api.MalformedAuthResponseException;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import com.marketiger3d.auth.api.RefreshTokenRejectedException;
import com.marketiger3d.auth.api.TransientAuthFailureException;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.MutableClock;
import com.marketiger3d.auth.test.TestJwts;
import com.marketiger3d.auth.test.UsersApiStub;
import com.marketiger3d.auth.token.RetryPolicy;
import com.marketiger3d.auth.token.TokenTiming;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.InMemoryReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive provider end to end: a {@code WebClient} with Spring Security's
 * {@link ServerOAuth2AuthorizedClientExchangeFilterFunction}, an
 * {@link AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager} over an
 * {@link InMemoryReactiveOAuth2AuthorizedClientService}, and WireMock playing Login,
 * RefreshToken (each refresh token accepted once, in order; anything else 401) and an API
 * endpoint that accepts only issued access tokens.
 */
@WireMockTest
class MarketigerReactiveAuthorizedClientProviderTests {

	/** How long a test waits for a result before it fails. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String PROJECTS = "/v2/Project/GetProjects";

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private static final int ROTATIONS = 3;

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	private WireMock wireMock;

	private UsersApiStub api;

	private URI baseUrl;

	private ClientRegistration registration;

	private MarketigerReactiveAuthorizedClientProvider provider;

	private InMemoryReactiveOAuth2AuthorizedClientService authorizedClients;

	private AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager;

	private WebClient webClient;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wireMockInfo) {
		this.wireMock = wireMockInfo.getWireMock();
		this.api = new UsersApiStub(this.wireMock, LIFETIME);
		for (String user : List.of("alice", "bob", "dave")) {
			this.api.user(user, user.equals("dave") ? 0 : ROTATIONS);
			for (int i = 0; i <= (user.equals("dave") ? 0 : ROTATIONS); i++) {
				this.wireMock.register(get(urlPathEqualTo(PROJECTS))
					.withHeader("Authorization", equalTo("Bearer " + this.api.accessToken(user, i)))
					.willReturn(okJson("{\"success\":true,\"data\":{\"projects\":[]}}")));
			}
		}
		this.wireMock.register(get(urlPathEqualTo(PROJECTS)).atPriority(10).willReturn(unauthorized()));
		this.baseUrl = URI.create(wireMockInfo.getHttpBaseUrl() + "/v2");
		MarketigerAuthClient client = MarketigerAuthClient.builder(this.baseUrl).clock(this.clock).build();
		this.registration = registration("marketiger");
		InMemoryReactiveClientRegistrationRepository registrations = new InMemoryReactiveClientRegistrationRepository(
				this.registration);
		this.authorizedClients = new InMemoryReactiveOAuth2AuthorizedClientService(registrations);
		this.provider = MarketigerReactiveAuthorizedClientProvider.builder(client)
			.authorizedClientService(this.authorizedClients)
			.clock(this.clock)
			.retryPolicy(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1)))
			.build();
		this.manager = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(registrations,
				this.authorizedClients);
		this.manager.setAuthorizedClientProvider(this.provider);
		this.manager.setContextAttributesMapper(MarketigerLoginAttributes.reactiveContextAttributesMapper());
		ServerOAuth2AuthorizedClientExchangeFilterFunction oauth2 = new ServerOAuth2AuthorizedClientExchangeFilterFunction(
				this.manager);
		oauth2.setDefaultClientRegistrationId("marketiger");
		this.webClient = WebClient.builder().baseUrl(this.baseUrl.toString()).filter(oauth2).build();
	}

	@Test
	void connectingLogsInOnceAndStoresTheClientWithTheTokensExpiry() {
		Instant now = this.clock.instant();

		OAuth2AuthorizedClient connected = connect("alice").block(TIMEOUT);

		assertThat(this.api.loginCount("alice")).isOne();
		OAuth2AuthorizedClient stored = stored("alice");
		assertThat(stored).isNotNull();
		assertThat(stored.getPrincipalName()).isEqualTo("alice");
		assertThat(stored.getClientRegistration().getRegistrationId()).isEqualTo("marketiger");
		OAuth2AccessToken accessToken = stored.getAccessToken();
		assertThat(accessToken.getTokenValue()).isEqualTo(this.api.accessToken("alice", 0))
			.isEqualTo(connected.getAccessToken().getTokenValue());
		assertThat(accessToken.getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
		assertThat(accessToken.getIssuedAt()).isEqualTo(now);
		assertThat(accessToken.getExpiresAt()).isEqualTo(now.plus(LIFETIME));
		OAuth2RefreshToken refreshToken = stored.getRefreshToken();
		assertThat(refreshToken).isNotNull();
		assertThat(refreshToken.getTokenValue()).isEqualTo("refresh-alice-0");
		assertThat(refreshToken.getIssuedAt()).isEqualTo(now);
		assertThat(refreshToken.getExpiresAt()).isEqualTo(now.plus(Duration.ofHours(12)));
	}

	@Test
	void accessTokenWithoutIssuedAtExpiresAtItsExpClaim() {
		Instant exp = Instant.parse("2026-03-01T08:07:00Z");
		this.wireMock.register(post(urlEqualTo(AuthApiStub.LOGIN)).atPriority(1)
			.withRequestBody(matchingJsonPath("$.email", equalTo("carol@users.test")))
			.willReturn(AuthApiStub.envelope(TestJwts.expiringAt(exp), "refresh-carol-0")));

		OAuth2AuthorizedClient client = this.manager
			.authorize(connectRequest("carol", "carol@users.test", "any password"))
			.block(TIMEOUT);

		assertThat(client.getAccessToken().getExpiresAt()).isEqualTo(exp);
		assertThat(client.getAccessToken().getIssuedAt()).isEqualTo(this.clock.instant());
	}

	@Test
	void tokenThatArrivesExpiredGetsTheDefaultLifetimeAndIsRefreshedWhenThatIsDue() {
		this.wireMock.register(post(urlEqualTo(AuthApiStub.LOGIN)).atPriority(1)
			.withRequestBody(matchingJsonPath("$.email", equalTo("carol@users.test")))
			.willReturn(AuthApiStub.envelope(TestJwts.expiringAt(this.clock.instant().minusSeconds(30)),
					"refresh-carol-0")));
		this.wireMock.register(post(urlEqualTo(AuthApiStub.REFRESH)).atPriority(1)
			.withRequestBody(matchingJsonPath("$.refreshToken", equalTo("refresh-carol-0")))
			.willReturn(AuthApiStub.envelope(this.api.accessToken("alice", 1), "refresh-carol-1")));
		Instant now = this.clock.instant();

		OAuth2AuthorizedClient client = this.manager
			.authorize(connectRequest("carol", "carol@users.test", "any password"))
			.block(TIMEOUT);
		assertThat(client.getAccessToken().getIssuedAt()).isEqualTo(now);
		assertThat(client.getAccessToken().getExpiresAt())
			.isEqualTo(now.plus(TokenTiming.defaults().defaultAccessTokenLifetime()));
		assertThat(this.api.refreshCount("carol")).isZero();

		this.clock.advance(TokenTiming.defaults().defaultAccessTokenLifetime().minusSeconds(30));
		projects("carol").block(TIMEOUT);
		assertThat(stored("carol").getRefreshToken().getTokenValue()).isEqualTo("refresh-carol-1");
	}

	@Test
	void freshTokenIsSentWithoutAnyAuthCall() {
		connect("alice").block(TIMEOUT);

		projects("alice").block(TIMEOUT);
		this.clock.advance(Duration.ofMinutes(3));
		projects("alice").block(TIMEOUT);

		assertThat(this.api.loginCount("alice")).isOne();
		assertThat(this.api.refreshCount("alice")).isZero();
		assertThat(apiRequests()).hasSize(2)
			.allSatisfy((request) -> assertThat(request.getHeader("Authorization"))
				.isEqualTo("Bearer " + this.api.accessToken("alice", 0)));
	}

	@Test
	void userWhoNeverConnectedIsNotAuthorizedAndNoAuthCallIsMade() {
		StepVerifier
			.create(this.manager.authorize(
					OAuth2AuthorizeRequest.withClientRegistrationId("marketiger").principal(user("alice")).build()))
			.verifyComplete();

		StepVerifier.create(projects("alice"))
			.expectError(WebClientResponseException.Unauthorized.class)
			.verify(Duration.ofSeconds(10));
		assertThat(apiRequests()).singleElement()
			.satisfies((request) -> assertThat(request.containsHeader("Authorization")).isFalse());
		assertThat(this.api.loginCount("alice") + this.api.refreshCount("alice")).isZero();
	}

	@Test
	void tokenDueForRefreshAheadIsRefreshedBeforeItExpires() {
		connect("alice").block(TIMEOUT);
		this.clock.advance(LIFETIME.minusSeconds(30));

		projects("alice").block(TIMEOUT);

		assertThat(this.api.refreshCount("alice")).isOne();
		assertThat(apiRequests()).singleElement()
			.satisfies((request) -> assertThat(request.getHeader("Authorization"))
				.isEqualTo("Bearer " + this.api.accessToken("alice", 1)));
	}

	@Test
	void concurrentRequestsAtExpiryRefreshOncePerUserAndCarryOnlyTheirOwnToken() {
		connect("alice").block(TIMEOUT);
		connect("bob").block(TIMEOUT);
		this.clock.advance(LIFETIME);

		int requests = 100;
		Flux.range(0, requests)
			.flatMap((i) -> projects((i % 2 == 0) ? "alice" : "bob").subscribeOn(Schedulers.parallel()), requests)
			.then()
			.block(Duration.ofSeconds(30));

		assertThat(this.api.refreshCount("alice")).isOne();
		assertThat(this.api.refreshCount("bob")).isOne();
		assertThat(apiRequests()).hasSize(requests).allSatisfy((request) -> {
			String user = request.queryParameter("user").firstValue();
			assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + this.api.accessToken(user, 1));
		});
		assertThat(stored("alice").getAccessToken().getTokenValue()).isEqualTo(this.api.accessToken("alice", 1));
		assertThat(stored("bob").getAccessToken().getTokenValue()).isEqualTo(this.api.accessToken("bob", 1));
	}

	@Test
	void staleCopyOfTheClientGetsTheRotatedPairInsteadOfResendingItsRefreshToken() {
		connect("alice").block(TIMEOUT);
		OAuth2AuthorizedClient staleCopy = stored("alice");
		this.clock.advance(LIFETIME);
		projects("alice").block(TIMEOUT);
		assertThat(this.api.refreshCount("alice")).isOne();

		OAuth2AuthorizedClient fromStaleCopy = this.manager
			.authorize(OAuth2AuthorizeRequest.withAuthorizedClient(staleCopy).principal(user("alice")).build())
			.block(TIMEOUT);
		assertThat(fromStaleCopy.getAccessToken().getTokenValue()).isEqualTo(this.api.accessToken("alice", 1));
		this.webClient.get()
			.uri("/Project/GetProjects?user=alice")
			.attributes(ServerOAuth2AuthorizedClientExchangeFilterFunction.oauth2AuthorizedClient(staleCopy))
			.retrieve()
			.toBodilessEntity()
			.contextWrite(ReactiveSecurityContextHolder.withAuthentication(user("alice")))
			.block(TIMEOUT);

		this.clock.advance(LIFETIME);
		projects("alice").block(TIMEOUT);
		OAuth2AuthorizedClient twoRotationsLater = this.manager
			.authorize(OAuth2AuthorizeRequest.withAuthorizedClient(staleCopy).principal(user("alice")).build())
			.block(TIMEOUT);

		assertThat(twoRotationsLater.getAccessToken().getTokenValue()).isEqualTo(this.api.accessToken("alice", 2));
		assertThat(this.api.refreshCount("alice")).isEqualTo(2);
		assertThat(refreshTokensSent()).containsExactly("refresh-alice-0", "refresh-alice-1");
		assertThat(apiRequests()).extracting((request) -> request.getHeader("Authorization"))
			.containsExactly("Bearer " + this.api.accessToken("alice", 1), "Bearer " + this.api.accessToken("alice", 1),
					"Bearer " + this.api.accessToken("alice", 2));
	}

	@Test
	void clientsOfTwoUsersRefreshedThroughOnePrincipalEachKeepTheirOwnTokens() {
		connect("alice").block(TIMEOUT);
		connect("bob").block(TIMEOUT);
		OAuth2AuthorizedClient aliceCopy = stored("alice");
		OAuth2AuthorizedClient bobCopy = stored("bob");
		Authentication admin = user("admin");

		// Without a security context, Spring Security's filter function authorizes an
		// explicit client as 'anonymousUser'; an admin may pass the users' clients too.
		for (Authentication principal : Arrays.asList(null, admin)) {
			this.clock.advance(LIFETIME);
			projectsWith(aliceCopy, principal).block(TIMEOUT);
			projectsWith(bobCopy, principal).block(TIMEOUT);
			projectsWith(aliceCopy, principal).block(TIMEOUT);
		}

		assertThat(apiRequests()).extracting((request) -> request.getHeader("Authorization"))
			.containsExactly("Bearer " + this.api.accessToken("alice", 1), "Bearer " + this.api.accessToken("bob", 1),
					"Bearer " + this.api.accessToken("alice", 1), "Bearer " + this.api.accessToken("alice", 2),
					"Bearer " + this.api.accessToken("bob", 2), "Bearer " + this.api.accessToken("alice", 2));
		assertThat(refreshTokensSent()).containsExactly("refresh-alice-0", "refresh-bob-0", "refresh-alice-1",
				"refresh-bob-1");
	}

	@Test
	void rejectedRefreshTokenRemovesTheClientAndAsksTheUserToConnectAgain() {
		connect("dave").block(TIMEOUT);
		OAuth2AuthorizedClient staleCopy = stored("dave");
		this.clock.advance(LIFETIME);

		StepVerifier.create(projects("dave"))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOfSatisfying(ClientAuthorizationException.class, (failure) -> {
						assertThat(failure.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_GRANT);
						assertThat(failure.getClientRegistrationId()).isEqualTo("marketiger");
						assertThat(failure).hasCauseInstanceOf(RefreshTokenRejectedException.class)
							.hasMessageContaining("connect the MarkeTiger account again");
					}))
			.verify(Duration.ofSeconds(10));
		assertThat(stored("dave")).isNull();

		// A copy loaded before the removal never sends the rejected token again.
		StepVerifier
			.create(this.manager
				.authorize(OAuth2AuthorizeRequest.withAuthorizedClient(staleCopy).principal(user("dave")).build()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(ClientAuthorizationException.class,
					(failure) -> assertThat(failure.getError().getErrorCode())
						.isEqualTo(OAuth2ErrorCodes.INVALID_GRANT)))
			.verify(Duration.ofSeconds(10));
		assertThat(this.api.refreshCount("dave")).isOne();
		assertThat(apiRequests()).isEmpty();

		// Connecting again heals even the old copy.
		String newAccessToken = TestJwts.issued(this.clock.instant(), LIFETIME);
		this.wireMock.register(post(urlEqualTo(AuthApiStub.LOGIN)).atPriority(1)
			.withRequestBody(matchingJsonPath("$.email", equalTo(UsersApiStub.email("dave"))))
			.willReturn(AuthApiStub.envelope(newAccessToken, "refresh-dave-new")));
		connect("dave").block(TIMEOUT);
		OAuth2AuthorizedClient healed = this.manager
			.authorize(OAuth2AuthorizeRequest.withAuthorizedClient(staleCopy).principal(user("dave")).build())
			.block(TIMEOUT);
		assertThat(healed.getAccessToken().getTokenValue()).isEqualTo(newAccessToken);
		assertThat(this.api.refreshCount("dave")).isOne();
	}

	@Test
	void expiredClientWithoutRefreshTokenAsksTheUserToConnectAgain() {
		OAuth2AuthorizedClient withoutRefreshToken = new OAuth2AuthorizedClient(this.registration, "alice",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, this.api.accessToken("alice", 0),
						this.clock.instant(), this.clock.instant().plus(LIFETIME)));
		this.authorizedClients.saveAuthorizedClient(withoutRefreshToken, user("alice")).block(TIMEOUT);

		this.clock.advance(LIFETIME.minusSeconds(30));
		projects("alice").block(TIMEOUT);
		assertThat(stored("alice")).isNotNull();

		this.clock.advance(Duration.ofSeconds(30));
		StepVerifier.create(projects("alice"))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOfSatisfying(ClientAuthorizationException.class, (failure) -> {
						assertThat(failure.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_GRANT);
						assertThat(failure).hasCauseInstanceOf(ReauthenticationRequiredException.class);
					}))
			.verify(Duration.ofSeconds(10));
		assertThat(stored("alice")).isNull();
		assertThat(this.api.refreshCount("alice")).isZero();
	}

	@Test
	void refreshTokenPastItsLifetimeIsNotSent() {
		Instant longAgo = this.clock.instant().minus(Duration.ofHours(13));
		OAuth2AuthorizedClient old = new OAuth2AuthorizedClient(
				this.registration, "alice", new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
						this.api.accessToken("alice", 0), longAgo, longAgo.plus(LIFETIME)),
				new OAuth2RefreshToken("refresh-alice-0", longAgo));
		this.authorizedClients.saveAuthorizedClient(old, user("alice")).block(TIMEOUT);

		StepVerifier.create(projects("alice"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(ClientAuthorizationException.class,
					(failure) -> assertThat(failure).hasCauseInstanceOf(ReauthenticationRequiredException.class)))
			.verify(Duration.ofSeconds(10));
		assertThat(this.api.refreshCount("alice")).isZero();
	}

	@Test
	void transientFailureKeepsTheClientAndPausesTheCalls() {
		connect("alice").block(TIMEOUT);
		StubMapping unavailable = this.wireMock.register(post(urlEqualTo(AuthApiStub.REFRESH)).atPriority(1)
			.withRequestBody(matchingJsonPath("$.refreshToken", equalTo("refresh-alice-0")))
			.willReturn(aResponse().withStatus(503)));
		this.clock.advance(LIFETIME);

		for (int i = 0; i < 2; i++) {
			StepVerifier.create(projects("alice"))
				.expectErrorSatisfies(
						(ex) -> assertThat(ex).isInstanceOfSatisfying(ClientAuthorizationException.class, (failure) -> {
							assertThat(failure.getError().getErrorCode())
								.isEqualTo(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE);
							assertThat(failure).hasCauseInstanceOf(TransientAuthFailureException.class);
						}))
				.verify(Duration.ofSeconds(10));
		}
		assertThat(this.api.refreshCount("alice")).as("the second request falls in the pause").isOne();
		assertThat(stored("alice").getRefreshToken().getTokenValue()).isEqualTo("refresh-alice-0");

		this.wireMock.removeStubMapping(unavailable);
		this.clock.advance(Duration.ofSeconds(1));
		projects("alice").block(TIMEOUT);
		assertThat(stored("alice").getAccessToken().getTokenValue()).isEqualTo(this.api.accessToken("alice", 1));
	}

	@Test
	void transientFailureBeforeExpiryKeepsServingTheCurrentToken() {
		connect("bob").block(TIMEOUT);
		this.wireMock.register(post(urlEqualTo(AuthApiStub.REFRESH)).atPriority(1)
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
		this.clock.advance(LIFETIME.minusSeconds(30));

		projects("bob").block(TIMEOUT);
		projects("bob").block(TIMEOUT);

		assertThat(this.api.refreshCount("bob")).as("the second request falls in the Retry-After pause").isOne();
		assertThat(apiRequests()).hasSize(2)
			.allSatisfy((request) -> assertThat(request.getHeader("Authorization"))
				.isEqualTo("Bearer " + this.api.accessToken("bob", 0)));
		assertThat(stored("bob").getAccessToken().getTokenValue()).isEqualTo(this.api.accessToken("bob", 0));
	}

	@Test
	void malformedLoginAnswerIsATypedErrorAndStoresNothing() {
		this.wireMock.register(post(urlEqualTo(AuthApiStub.LOGIN)).atPriority(1)
			.willReturn(aResponse().withStatus(200).withBody("<html>maintenance</html>")));

		StepVerifier.create(connect("alice"))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOfSatisfying(ClientAuthorizationException.class, (failure) -> {
						assertThat(failure.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.SERVER_ERROR);
						assertThat(failure).hasCauseInstanceOf(MalformedAuthResponseException.class);
					}))
			.verify(Duration.ofSeconds(10));
		assertThat(stored("alice")).isNull();
	}

	@Test
	void malformedRefreshAnswerWithAnErrorStatusIsATypedErrorAndKeepsTheClient() {
		connect("alice").block(TIMEOUT);
		this.wireMock.register(post(urlEqualTo(AuthApiStub.REFRESH)).atPriority(1)
			.willReturn(aResponse().withStatus(404).withHeader("Content-Type", "text/html").withBody("<html/>")));
		this.clock.advance(LIFETIME);

		StepVerifier.create(projects("alice"))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOfSatisfying(ClientAuthorizationException.class, (failure) -> {
						assertThat(failure.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.SERVER_ERROR);
						assertThat(failure).hasCauseInstanceOf(MalformedAuthResponseException.class);
					}))
			.verify(Duration.ofSeconds(10));
		assertThat(stored("alice").getAccessToken().getTokenValue()).isEqualTo(this.api.accessToken("alice", 0));
		assertThat(stored("alice").getRefreshToken()).isNotNull();
	}

	@Test
	void unreadableSuccessfulRefreshAnswerMaySpendTheRefreshTokenSoItIsSentOnceMoreThenDropped() {
		connect("alice").block(TIMEOUT);
		this.wireMock.register(post(urlEqualTo(AuthApiStub.REFRESH)).atPriority(1)
			.willReturn(okJson("{\"success\":true,\"data\":{\"accessToken\":42}}")));
		this.clock.advance(LIFETIME);

		StepVerifier.create(projects("alice"))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOfSatisfying(ClientAuthorizationException.class, (failure) -> {
						assertThat(failure.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_GRANT);
						assertThat(failure).hasRootCauseInstanceOf(MalformedAuthResponseException.class);
					}))
			.verify(Duration.ofSeconds(10));
		assertThat(this.wireMock.find(postRequestedFor(urlEqualTo(AuthApiStub.REFRESH)))).hasSize(2);
		OAuth2AuthorizedClient client = stored("alice");
		assertThat((client != null) ? client.getRefreshToken() : null).isNull();
	}

	@Test
	void wrongPasswordIsInvalidGrantAndStoresNothing() {
		StepVerifier.create(this.manager.authorize(connectRequest("alice", UsersApiStub.email("alice"), "wrong")))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOfSatisfying(ClientAuthorizationException.class, (failure) -> {
						assertThat(failure.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_GRANT);
						assertThat(failure).hasCauseInstanceOf(InvalidCredentialsException.class)
							.hasMessageContaining("e-mail and password");
					}))
			.verify(Duration.ofSeconds(10));
		assertThat(stored("alice")).isNull();
	}

	@Test
	void connectingAgainLogsInAgainAndTheNewPairWins() {
		connect("alice").block(TIMEOUT);
		OAuth2AuthorizedClient first = stored("alice");
		this.wireMock.register(post(urlEqualTo(AuthApiStub.LOGIN)).atPriority(1)
			.withRequestBody(matchingJsonPath("$.email", equalTo(UsersApiStub.email("alice"))))
			.willReturn(AuthApiStub.envelope(this.api.accessToken("alice", 3), "refresh-alice-relogin")));
		this.wireMock.register(post(urlEqualTo(AuthApiStub.REFRESH)).atPriority(1)
			.withRequestBody(matchingJsonPath("$.refreshToken", equalTo("refresh-alice-relogin")))
			.willReturn(AuthApiStub.envelope(this.api.accessToken("alice", 2), "refresh-alice-after-relogin")));

		connect("alice").block(TIMEOUT);
		this.clock.advance(LIFETIME);
		OAuth2AuthorizedClient fromFirst = this.manager
			.authorize(OAuth2AuthorizeRequest.withAuthorizedClient(first).principal(user("alice")).build())
			.block(TIMEOUT);

		assertThat(this.api.loginCount("alice")).isEqualTo(2);
		assertThat(refreshTokensSent()).containsExactly("refresh-alice-relogin");
		assertThat(fromFirst.getRefreshToken().getTokenValue()).isEqualTo("refresh-alice-after-relogin");
	}

	@Test
	void anonymousPrincipalCannotConnect() {
		Authentication anonymous = new AnonymousAuthenticationToken("key", "anonymousUser",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
		OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest.withClientRegistrationId("marketiger")
			.principal(anonymous)
			.attributes(MarketigerLoginAttributes.credentials(UsersApiStub.email("alice"), UsersApiStub.PASSWORD))
			.build();

		StepVerifier.create(this.manager.authorize(request))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class).hasMessageContaining("anonymous"))
			.verify(Duration.ofSeconds(10));
		assertThat(this.api.loginCount("alice")).isZero();
	}

	@Test
	void incompleteCredentialsAreRefusedWithoutACall() {
		OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest.withClientRegistrationId("marketiger")
			.principal(user("alice"))
			.attribute(MarketigerLoginAttributes.EMAIL_ATTRIBUTE_NAME, UsersApiStub.email("alice"))
			.build();

		StepVerifier.create(this.manager.authorize(request))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining(MarketigerLoginAttributes.PASSWORD_ATTRIBUTE_NAME))
			.verify(Duration.ofSeconds(10));
		OAuth2AuthorizeRequest blankEmail = OAuth2AuthorizeRequest.withClientRegistrationId("marketiger")
			.principal(user("alice"))
			.attributes(MarketigerLoginAttributes.credentials(" ", UsersApiStub.PASSWORD))
			.build();
		StepVerifier.create(this.manager.authorize(blankEmail))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining(MarketigerLoginAttributes.EMAIL_ATTRIBUTE_NAME)
				.hasMessageNotContaining(UsersApiStub.PASSWORD))
			.verify(Duration.ofSeconds(10));
		assertThat(this.api.loginCount("alice")).isZero();
	}

	@Test
	void otherRegistrationsAreLeftToOtherProviders() {
		ClientRegistration other = registration("other");
		OAuth2AuthorizationContext context = OAuth2AuthorizationContext.withClientRegistration(other)
			.principal(user("alice"))
			.attributes(MarketigerLoginAttributes.credentials(UsersApiStub.email("alice"), UsersApiStub.PASSWORD))
			.build();
		OAuth2AuthorizedClient fromOthers = new OAuth2AuthorizedClient(other, "alice",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "other-token", this.clock.instant(),
						this.clock.instant().plus(LIFETIME)));
		ReactiveOAuth2AuthorizedClientProvider others = (ignored) -> Mono.just(fromOthers);

		StepVerifier.create(this.provider.authorize(context)).verifyComplete();
		StepVerifier.create(this.provider.combinedWith(others).authorize(context))
			.expectNext(fromOthers)
			.verifyComplete();
		OAuth2AuthorizationContext ours = OAuth2AuthorizationContext.withClientRegistration(this.registration)
			.principal(user("alice"))
			.build();
		StepVerifier.create(this.provider.combinedWith(others).authorize(ours)).verifyComplete();
		assertThat(this.api.loginCount("alice")).isZero();
	}

	@Test
	void configurableRegistrationIdAndTiming() {
		MarketigerReactiveAuthorizedClientProvider custom = MarketigerReactiveAuthorizedClientProvider
			.builder(MarketigerAuthClient.builder(this.baseUrl).build())
			.registrationId("tiger")
			.authorizedClientService(this.authorizedClients)
			.timing(TokenTiming.defaults())
			.rotationMemory(Duration.ofMinutes(1))
			.scheduler(Schedulers.parallel())
			.clock(this.clock)
			.build();

		assertThat(custom.getRegistrationId()).isEqualTo("tiger");
		assertThat(custom.supports(registration("tiger"))).isTrue();
		assertThat(custom.supports(this.registration)).isFalse();
		assertThat(custom).hasToString("MarketigerReactiveAuthorizedClientProvider[registrationId=tiger]");
	}

	private Mono<OAuth2AuthorizedClient> connect(String user) {
		return this.manager.authorize(connectRequest(user, UsersApiStub.email(user), UsersApiStub.PASSWORD));
	}

	private OAuth2AuthorizeRequest connectRequest(String user, String email, String password) {
		return OAuth2AuthorizeRequest.withClientRegistrationId("marketiger")
			.principal(user(user))
			.attributes(MarketigerLoginAttributes.credentials(email, password))
			.build();
	}

	private Mono<Void> projects(String user) {
		return this.webClient.get()
			.uri("/Project/GetProjects?user=" + user)
			.retrieve()
			.toBodilessEntity()
			.then()
			.contextWrite(ReactiveSecurityContextHolder.withAuthentication(user(user)));
	}

	private Mono<Void> projectsWith(OAuth2AuthorizedClient client, @Nullable Authentication principal) {
		Mono<Void> request = this.webClient.get()
			.uri("/Project/GetProjects?user=" + client.getPrincipalName())
			.attributes(ServerOAuth2AuthorizedClientExchangeFilterFunction.oauth2AuthorizedClient(client))
			.retrieve()
			.toBodilessEntity()
			.then();
		return (principal != null) ? request.contextWrite(ReactiveSecurityContextHolder.withAuthentication(principal))
				: request;
	}

	private OAuth2AuthorizedClient stored(String user) {
		return this.authorizedClients.<OAuth2AuthorizedClient>loadAuthorizedClient("marketiger", user).block(TIMEOUT);
	}

	private List<LoggedRequest> apiRequests() {
		return this.wireMock.find(getRequestedFor(urlPathEqualTo(PROJECTS)));
	}

	private List<String> refreshTokensSent() {
		return this.wireMock.find(postRequestedFor(urlEqualTo(AuthApiStub.REFRESH)))
			.stream()
			.map((request) -> request.getBodyAsString().replaceAll(".*\"refreshToken\":\"([^\"]+)\".*", "$1"))
			.toList();
	}

	private ClientRegistration registration(String id) {
		return ClientRegistration.withRegistrationId(id)
			.clientId("marketplace-app")
			.authorizationGrantType(id.equals("other") ? AuthorizationGrantType.CLIENT_CREDENTIALS
					: MarketigerReactiveAuthorizedClientProvider.LOGIN_GRANT_TYPE)
			.tokenUri(this.baseUrl + "/Auth/Login")
			.build();
	}

	private static Authentication user(String name) {
		return new TestingAuthenticationToken(name, null, "ROLE_USER");
	}

}
