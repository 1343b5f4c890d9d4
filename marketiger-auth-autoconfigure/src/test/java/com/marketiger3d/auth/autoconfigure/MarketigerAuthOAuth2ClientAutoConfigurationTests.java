package com.marketiger3d.auth.autoconfigure;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.security.oauth2.MarketigerAuthorizedClientProvider;
import com.marketiger3d.auth.security.oauth2.MarketigerLoginAttributes;
import com.marketiger3d.auth.security.oauth2.MarketigerReactiveAuthorizedClientProvider;
import com.marketiger3d.auth.token.TokenSessions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.InMemoryReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MarketigerAuthOAuth2ClientAutoConfiguration}.
 */
class MarketigerAuthOAuth2ClientAutoConfigurationTests {

	private static final String PASSWORD = "canary-password-77c1d2";

	private static final String REGISTRATION = "spring.security.oauth2.client.registration.marketiger.";

	private static final String[] MARKETIGER = { REGISTRATION + "client-id=marketplace-app",
			REGISTRATION + "authorization-grant-type=urn:marketiger:params:oauth:grant-type:login",
			"spring.security.oauth2.client.provider.marketiger.token-uri=https://devapi.marketiger3d.com/v2/Auth/Login",
			"marketiger.auth.mode=per-user" };

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(
			MarketigerAuthAutoConfiguration.class, MarketigerAuthOAuth2ClientAutoConfiguration.class,
			OAuth2ClientAutoConfiguration.class, ReactiveOAuth2ClientAutoConfiguration.class);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS);

	private final ReactiveWebApplicationContextRunner reactiveContextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS);

	private final WebApplicationContextRunner servletContextRunner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS);

	private WireMockServer api;

	@BeforeEach
	void startApi() {
		this.api = new WireMockServer(options().dynamicPort());
		this.api.start();
	}

	@AfterEach
	void stopApi() {
		this.api.stop();
	}

	@Test
	void reactiveApplicationGetsTheReactiveProviderAndManager() {
		this.reactiveContextRunner.withPropertyValues(MARKETIGER).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(MarketigerReactiveAuthorizedClientProvider.class)
				.hasSingleBean(AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager.class)
				.doesNotHaveBean(MarketigerAuthorizedClientProvider.class)
				.doesNotHaveBean(OAuth2AuthorizedClientManager.class);
			assertThat(context.getBean(MarketigerReactiveAuthorizedClientProvider.class).getRegistrationId())
				.isEqualTo("marketiger");
		});
	}

	@Test
	void servletApplicationGetsTheBlockingProviderAndManager() {
		this.servletContextRunner.withPropertyValues(MARKETIGER)
			.withPropertyValues("marketiger.auth.blocking-timeout=7s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(MarketigerAuthorizedClientProvider.class)
					.hasSingleBean(AuthorizedClientServiceOAuth2AuthorizedClientManager.class)
					.doesNotHaveBean(ReactiveOAuth2AuthorizedClientManager.class);
				assertThat(context.getBean(MarketigerAuthorizedClientProvider.class).getTimeout())
					.isEqualTo(Duration.ofSeconds(7));
			});
	}

	@Test
	void applicationWithoutWebServerGetsBothManagersOverOneProvider() {
		this.contextRunner.withPropertyValues(MARKETIGER).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(MarketigerReactiveAuthorizedClientProvider.class)
				.hasSingleBean(MarketigerAuthorizedClientProvider.class)
				.hasSingleBean(ReactiveOAuth2AuthorizedClientManager.class)
				.hasSingleBean(OAuth2AuthorizedClientManager.class);
		});
	}

	@Test
	void withoutTheRegistrationNothingIsCreated() {
		this.contextRunner.withPropertyValues("marketiger.auth.mode=per-user").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(TokenSessions.class)
				.doesNotHaveBean(MarketigerReactiveAuthorizedClientProvider.class)
				.doesNotHaveBean(MarketigerAuthorizedClientProvider.class);
		});
	}

	@Test
	void otherRegistrationsAloneCreateNothing() {
		this.contextRunner
			.withPropertyValues("marketiger.auth.mode=per-user",
					"spring.security.oauth2.client.registration.partner.client-id=app",
					"spring.security.oauth2.client.registration.partner.authorization-grant-type=client_credentials",
					"spring.security.oauth2.client.provider.partner.token-uri=https://partner.example/token")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(MarketigerReactiveAuthorizedClientProvider.class)
					.hasSingleBean(OAuth2AuthorizedClientService.class);
			});
	}

	@Test
	void registrationIdComesFromTheProperty() {
		String tiger = "spring.security.oauth2.client.registration.tiger.";
		this.contextRunner.withPropertyValues("marketiger.auth.mode=per-user",
				"marketiger.auth.oauth2-client.registration-id=tiger", tiger + "client-id=app",
				tiger + "authorization-grant-type=urn:marketiger:params:oauth:grant-type:login",
				"spring.security.oauth2.client.provider.tiger.token-uri=https://devapi.marketiger3d.com/v2/Auth/Login/")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(MarketigerReactiveAuthorizedClientProvider.class).getRegistrationId())
					.isEqualTo("tiger");
			});
		this.contextRunner.withPropertyValues(MARKETIGER)
			.withPropertyValues("marketiger.auth.oauth2-client.registration-id=tiger")
			.run((context) -> assertThat(context).doesNotHaveBean(MarketigerReactiveAuthorizedClientProvider.class));
		this.contextRunner.withPropertyValues(MARKETIGER)
			.withPropertyValues("marketiger.auth.oauth2-client.registration-id=Not A Name!")
			.run((context) -> assertThat(context).doesNotHaveBean(MarketigerReactiveAuthorizedClientProvider.class));
	}

	@Test
	void applicationsOwnManagersAndProvidersWin() {
		this.contextRunner.withPropertyValues(MARKETIGER).withUserConfiguration(OwnBeans.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(ReactiveOAuth2AuthorizedClientManager.class).isSameAs(OwnBeans.REACTIVE);
			assertThat(context).getBean(OAuth2AuthorizedClientManager.class).isSameAs(OwnBeans.BLOCKING);
			assertThat(context).getBean(MarketigerReactiveAuthorizedClientProvider.class)
				.isSameAs(context.getBean("ownProvider"));
		});
	}

	@Test
	void withoutSpringSecurityOAuth2ClientTheStarterStillWorks() {
		this.contextRunner.withPropertyValues(MARKETIGER)
			.withClassLoader(new FilteredClassLoader("org.springframework.security.oauth2.client"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(MarketigerAuthClient.class)
					.hasSingleBean(TokenSessions.class)
					.doesNotHaveBean(MarketigerReactiveAuthorizedClientProvider.class)
					.doesNotHaveBean(MarketigerAuthorizedClientProvider.class);
			});
	}

	@Test
	void disabledStarterCreatesNoProvider() {
		this.contextRunner.withPropertyValues(MARKETIGER)
			.withPropertyValues("marketiger.auth.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MarketigerReactiveAuthorizedClientProvider.class)
				.hasSingleBean(ReactiveOAuth2AuthorizedClientService.class));
	}

	@Test
	void registrationThatIsNotMarketigersFailsStartupNamingTheProperty() {
		for (String[] values : List.of(new String[] { REGISTRATION + "authorization-grant-type=client_credentials" },
				new String[] {
						"spring.security.oauth2.client.provider.marketiger.token-uri=https://elsewhere.example/v2/Auth/Login" },
				new String[] {
						"spring.security.oauth2.client.provider.marketiger.token-uri=https://devapi.marketiger3d.com/v2/Auth/RefreshToken" },
				new String[] {
						"spring.security.oauth2.client.provider.marketiger.token-uri=https://devapi.marketiger3d.com/v2/Auth/Login?x=1" },
				new String[] { "spring.security.oauth2.client.provider.marketiger.token-uri=not a uri" })) {
			String property = values[0].substring(0, values[0].indexOf('='));
			this.contextRunner.withPropertyValues(MARKETIGER)
				.withPropertyValues(values)
				.withPropertyValues("marketiger.auth.password=" + PASSWORD, "marketiger.auth.email=robot@example.com")
				.run((context) -> {
					assertThat(context).hasFailed();
					InvalidMarketigerAuthPropertyException invalid = invalidProperty(context.getStartupFailure());
					assertThat(invalid.getProperty()).isEqualTo(property);
					FailureAnalysis analysis = new MarketigerAuthPropertiesFailureAnalyzer()
						.analyze(context.getStartupFailure());
					assertThat(analysis.getDescription()).contains(property);
					assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(PASSWORD);
				});
		}
	}

	@Test
	void providerWithoutTokenUriFailsStartup() {
		this.contextRunner
			.withPropertyValues(REGISTRATION + "client-id=marketplace-app",
					REGISTRATION + "authorization-grant-type=urn:marketiger:params:oauth:grant-type:login",
					"spring.security.oauth2.client.provider.marketiger.user-name-attribute=sub",
					"marketiger.auth.mode=per-user")
			.run((context) -> assertThat(invalidProperty(context.getStartupFailure()).getProblem())
				.contains("https://devapi.marketiger3d.com/v2/Auth/Login"));
	}

	@Test
	void registrationMissingFromTheApplicationsRepositoryFailsStartup() {
		this.contextRunner.withPropertyValues(MARKETIGER)
			.withUserConfiguration(RepositoryWithoutMarketiger.class)
			.run((context) -> assertThat(invalidProperty(context.getStartupFailure()).getProblem())
				.contains("has no registration 'marketiger'"));
	}

	@Test
	void invalidOAuth2ClientPropertiesFailStartup() {
		this.contextRunner.withPropertyValues(MARKETIGER)
			.withPropertyValues("marketiger.auth.oauth2-client.rotation-memory=0s")
			.run((context) -> assertThat(invalidProperty(context.getStartupFailure()).getProperty())
				.isEqualTo("marketiger.auth.oauth2-client.rotation-memory"));
		this.contextRunner.withPropertyValues(MARKETIGER)
			.withPropertyValues("marketiger.auth.oauth2-client.registration-id= ")
			.run((context) -> assertThat(invalidProperty(context.getStartupFailure()).getProperty())
				.isEqualTo("marketiger.auth.oauth2-client.registration-id"));
	}

	@Test
	void autoConfiguredManagerConnectsAUserAndStoresTheClient() {
		this.api.stubFor(post(urlEqualTo("/v2/Auth/Login"))
			.withRequestBody(matchingJsonPath("$.password", equalTo(PASSWORD)))
			.willReturn(okJson(
					"{\"success\":true,\"data\":{\"accessToken\":\"access-1\",\"refreshToken\":\"refresh-1\"}}")));
		String baseUrl = "http://localhost:" + this.api.port() + "/v2";
		this.reactiveContextRunner
			.withPropertyValues(REGISTRATION + "client-id=marketplace-app",
					REGISTRATION + "authorization-grant-type=urn:marketiger:params:oauth:grant-type:login",
					"spring.security.oauth2.client.provider.marketiger.token-uri=" + baseUrl + "/Auth/Login",
					"marketiger.auth.mode=per-user", "marketiger.auth.base-url=" + baseUrl)
			.run((context) -> {
				TestingAuthenticationToken alice = new TestingAuthenticationToken("alice", null, "ROLE_USER");
				OAuth2AuthorizedClient client = context.getBean(ReactiveOAuth2AuthorizedClientManager.class)
					.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("marketiger")
						.principal(alice)
						.attributes(MarketigerLoginAttributes.credentials("alice@users.test", PASSWORD))
						.build())
					.block(Duration.ofSeconds(10));

				assertThat(client.getAccessToken().getTokenValue()).isEqualTo("access-1");
				assertThat(context.getBean(ReactiveOAuth2AuthorizedClientService.class)
					.<OAuth2AuthorizedClient>loadAuthorizedClient("marketiger", "alice")
					.block(Duration.ofSeconds(10))).isNotNull();
				this.api.verify(1, postRequestedFor(urlEqualTo("/v2/Auth/Login")));
			});
	}

	@Test
	void autoConfiguredManagerLeavesOtherRegistrationsToSpringSecurity() {
		this.contextRunner.withPropertyValues(MARKETIGER)
			.withPropertyValues("spring.security.oauth2.client.registration.partner.client-id=app",
					"spring.security.oauth2.client.registration.partner.authorization-grant-type=client_credentials",
					"spring.security.oauth2.client.provider.partner.token-uri=http://localhost:" + this.api.port()
							+ "/token")
			.run((context) -> {
				this.api.stubFor(post(urlEqualTo("/token")).willReturn(
						okJson("{\"access_token\":\"partner-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
				OAuth2AuthorizedClient partner = context.getBean(OAuth2AuthorizedClientManager.class)
					.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("partner").principal("job").build());

				assertThat(partner.getAccessToken().getTokenValue()).isEqualTo("partner-token");
				this.api.verify(1, anyRequestedFor(anyUrl()));
			});
	}

	@Test
	void isRegisteredAndOrderedAfterTheMainAndBootsOAuth2ClientAutoConfigurations() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(MarketigerAuthOAuth2ClientAutoConfiguration.class.getName());
		AutoConfiguration annotation = MarketigerAuthOAuth2ClientAutoConfiguration.class
			.getAnnotation(AutoConfiguration.class);
		assertThat(annotation.after()).containsExactly(MarketigerAuthAutoConfiguration.class);
		assertThat(annotation.afterName()).containsExactlyInAnyOrder(OAuth2ClientAutoConfiguration.class.getName(),
				ReactiveOAuth2ClientAutoConfiguration.class.getName());
	}

	@Test
	void everyBeanIsConditionalOnMissingBean() {
		List<Method> beanMethods = Stream
			.concat(Stream.of(MarketigerAuthOAuth2ClientAutoConfiguration.class),
					Arrays.stream(MarketigerAuthOAuth2ClientAutoConfiguration.class.getDeclaredClasses()))
			.flatMap((type) -> Arrays.stream(type.getDeclaredMethods()))
			.filter((method) -> method.isAnnotationPresent(Bean.class))
			.toList();
		assertThat(beanMethods).hasSize(4)
			.allSatisfy((method) -> assertThat(method.isAnnotationPresent(ConditionalOnMissingBean.class))
				.as(method.getName())
				.isTrue());
	}

	private static InvalidMarketigerAuthPropertyException invalidProperty(Throwable failure) {
		List<Throwable> causes = new ArrayList<>();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			causes.add(cause);
		}
		return causes.stream()
			.filter(InvalidMarketigerAuthPropertyException.class::isInstance)
			.map(InvalidMarketigerAuthPropertyException.class::cast)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no InvalidMarketigerAuthPropertyException in " + causes));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		static final ReactiveOAuth2AuthorizedClientManager REACTIVE = (request) -> Mono.empty();

		static final OAuth2AuthorizedClientManager BLOCKING = (request) -> null;

		@Bean
		ReactiveOAuth2AuthorizedClientManager ownReactiveManager() {
			return REACTIVE;
		}

		@Bean
		OAuth2AuthorizedClientManager ownManager() {
			return BLOCKING;
		}

		@Bean
		MarketigerReactiveAuthorizedClientProvider ownProvider(MarketigerAuthClient client) {
			return MarketigerReactiveAuthorizedClientProvider.builder(client)
				.authorizedClientService(new InMemoryReactiveOAuth2AuthorizedClientService((id) -> Mono.empty()))
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RepositoryWithoutMarketiger {

		@Bean
		InMemoryClientRegistrationRepository clientRegistrationRepository() {
			return new InMemoryClientRegistrationRepository(ClientRegistration.withRegistrationId("partner")
				.clientId("app")
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.tokenUri("https://partner.example/token")
				.build());
		}

	}

}
