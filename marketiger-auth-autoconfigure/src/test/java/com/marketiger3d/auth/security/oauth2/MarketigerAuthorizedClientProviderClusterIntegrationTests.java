package com.marketiger3d.auth.security.oauth2;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.redis.RedisRefreshCoordinator;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.MutableClock;
import com.marketiger3d.auth.test.TestPostgres;
import com.marketiger3d.auth.test.TestRedis;
import com.marketiger3d.auth.test.UsersApiStub;
import com.marketiger3d.auth.token.RetryPolicy;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.JdbcOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances, each with its own providers, manager, JDBC authorized client service and
 * Redis coordinator, sharing one PostgreSQL table of authorized clients, one Redis and
 * one strict API: between them they refresh once per user per token lifetime and never
 * send a refresh token twice.
 */
@WireMockTest
class MarketigerAuthorizedClientProviderClusterIntegrationTests {

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private static final List<String> USERS = List.of("alice", "bob");

	private static final int LIFETIMES = 3;

	private static final int REQUESTS_PER_INSTANCE_AND_USER = 200;

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	private final String keyPrefix = TestRedis.randomKeyPrefix();

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	private final ExecutorService requests = Executors.newFixedThreadPool(200);

	private WireMockRuntimeInfo wireMock;

	private UsersApiStub api;

	private HikariDataSource dataSource;

	private ClientRegistration registration;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wireMock) throws Exception {
		this.wireMock = wireMock;
		this.api = new UsersApiStub(wireMock.getWireMock(), LIFETIME);
		USERS.forEach((user) -> this.api.user(user, LIFETIMES));
		this.dataSource = TestPostgres.schema();
		try (InputStream schema = JdbcOAuth2AuthorizedClientService.class
			.getResourceAsStream("oauth2-client-schema-postgres.sql")) {
			new JdbcTemplate(this.dataSource).execute(new String(schema.readAllBytes(), StandardCharsets.UTF_8));
		}
		this.registration = ClientRegistration.withRegistrationId("marketiger")
			.clientId("marketplace-app")
			.authorizationGrantType(MarketigerReactiveAuthorizedClientProvider.LOGIN_GRANT_TYPE)
			.tokenUri(wireMock.getHttpBaseUrl() + "/v2/Auth/Login")
			.build();
	}

	@AfterEach
	void cleanUp() throws InterruptedException {
		this.requests.shutdownNow();
		this.requests.awaitTermination(10, TimeUnit.SECONDS);
		LettuceConnectionFactory cleaner = TestRedis.connectionFactory();
		try {
			TestRedis.deleteKeys(cleaner, this.keyPrefix);
		}
		finally {
			cleaner.destroy();
			this.factories.forEach(LettuceConnectionFactory::destroy);
			TestPostgres.drop(this.dataSource);
		}
	}

	@Test
	void instancesSharingAJdbcServiceRefreshOncePerUserPerLifetimeBetweenThem() throws Exception {
		List<AuthorizedClientServiceOAuth2AuthorizedClientManager> instances = List.of(instance(), instance());
		for (String user : USERS) {
			instances.get(0)
				.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("marketiger")
					.principal(user(user))
					.attributes(MarketigerLoginAttributes.credentials(UsersApiStub.email(user), UsersApiStub.PASSWORD))
					.build());
		}

		for (int lifetime = 1; lifetime <= LIFETIMES; lifetime++) {
			this.clock.advance(LIFETIME);
			List<Callable<String[]>> calls = new ArrayList<>();
			for (int i = 0; i < REQUESTS_PER_INSTANCE_AND_USER; i++) {
				for (AuthorizedClientServiceOAuth2AuthorizedClientManager instance : instances) {
					for (String user : USERS) {
						calls.add(() -> {
							OAuth2AuthorizedClient client = instance
								.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("marketiger")
									.principal(user(user))
									.build());
							return new String[] { user, client.getAccessToken().getTokenValue() };
						});
					}
				}
			}
			for (Future<String[]> answer : this.requests.invokeAll(calls, 60, TimeUnit.SECONDS)) {
				String[] userAndToken = answer.get();
				assertThat(userAndToken[1]).isEqualTo(this.api.accessToken(userAndToken[0], lifetime));
			}
			for (String user : USERS) {
				assertThat(this.api.refreshCount(user)).as("refreshes of %s after %d lifetimes", user, lifetime)
					.isEqualTo(lifetime);
				assertThat(this.api.loginCount(user)).isOne();
			}
		}
		assertThat(sentRefreshTokens()).hasSize(USERS.size() * LIFETIMES).doesNotHaveDuplicates();
	}

	private AuthorizedClientServiceOAuth2AuthorizedClientManager instance() {
		LettuceConnectionFactory redis = TestRedis.connectionFactory();
		this.factories.add(redis);
		RedisRefreshCoordinator coordinator = RedisRefreshCoordinator.builder(redis)
			.keyPrefix(this.keyPrefix)
			.leaseTime(Duration.ofSeconds(20))
			.maxCallDuration(Duration.ofSeconds(5))
			.build();
		InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(
				this.registration);
		JdbcOAuth2AuthorizedClientService authorizedClients = new JdbcOAuth2AuthorizedClientService(
				new JdbcTemplate(this.dataSource), registrations);
		MarketigerReactiveAuthorizedClientProvider provider = MarketigerReactiveAuthorizedClientProvider
			.builder(MarketigerAuthClient.builder(URI.create(this.wireMock.getHttpBaseUrl() + "/v2"))
				.clock(this.clock)
				.build())
			.authorizedClientService(authorizedClients)
			.coordinator(coordinator)
			.clock(this.clock)
			.retryPolicy(new RetryPolicy(1, Duration.ofMillis(100), Duration.ofSeconds(1)))
			.build();
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, authorizedClients);
		manager.setAuthorizedClientProvider(new MarketigerAuthorizedClientProvider(provider, Duration.ofSeconds(30)));
		manager.setContextAttributesMapper(MarketigerLoginAttributes.contextAttributesMapper());
		return manager;
	}

	private List<String> sentRefreshTokens() {
		return this.wireMock.getWireMock()
			.find(postRequestedFor(urlEqualTo(AuthApiStub.REFRESH)))
			.stream()
			.map((request) -> request.getBodyAsString().replaceAll(".*\"refreshToken\":\"([^\"]+)\".*", "$1"))
			.toList();
	}

	private static TestingAuthenticationToken user(String name) {
		return new TestingAuthenticationToken(name, null, "ROLE_USER");
	}

}
