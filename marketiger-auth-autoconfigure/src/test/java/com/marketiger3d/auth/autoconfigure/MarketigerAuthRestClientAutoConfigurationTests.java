package com.marketiger3d.auth.autoconfigure;

import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.marketiger3d.auth.api.ApiOrigin;
import com.marketiger3d.auth.api.DefaultReplayObservationConvention;
import com.marketiger3d.auth.api.ReplayObservationConvention;
import com.marketiger3d.auth.token.BlockingTokenAccess;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.web.reactive.MarketigerAuthExchangeFilterFunction;
import com.marketiger3d.auth.web.servlet.MarketigerAuthClientHttpRequestInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MarketigerAuthRestClientAutoConfiguration}.
 */
class MarketigerAuthRestClientAutoConfigurationTests {

	private static final String[] CREDENTIALS = { "marketiger.auth.email=robot@example.com",
			"marketiger.auth.password=canary-password-5f1c" };

	private static final String PROJECTS = "{\"success\":true,\"data\":{\"projects\":[{\"projectId\":"
			+ "\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"name\":\"Showroom\"}]}}";

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(
			MarketigerAuthAutoConfiguration.class, MarketigerAuthRestClientAutoConfiguration.class,
			WebClientAutoConfiguration.class, RestClientAutoConfiguration.class, RestTemplateAutoConfiguration.class);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withPropertyValues(CREDENTIALS);

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
	void readyRestClientIsMadeWhenFirstAskedForNotWhenTheContextStarts() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getSourceApplicationContext()
				.getBeanFactory()
				.containsSingleton(MarketigerAuthRestClientAutoConfiguration.REST_CLIENT_BEAN_NAME)).isFalse();
			assertThat(context.getBean(MarketigerAuthRestClientAutoConfiguration.REST_CLIENT_BEAN_NAME))
				.isInstanceOf(RestClient.class);
			assertThat(context.getSourceApplicationContext()
				.getBeanFactory()
				.containsSingleton(MarketigerAuthRestClientAutoConfiguration.REST_CLIENT_BEAN_NAME)).isTrue();
		});
	}

	@Test
	void servletApplicationGetsRestClientBesideWebClient() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(BlockingTokenAccess.class)
				.hasSingleBean(MarketigerAuthClientHttpRequestInterceptor.class)
				.hasBean(MarketigerAuthRestClientAutoConfiguration.REST_CLIENT_BEAN_NAME)
				.hasBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME)
				.hasSingleBean(MarketigerAuthExchangeFilterFunction.class);
			assertThat(context.getBean(MarketigerAuthRestClientAutoConfiguration.REST_CLIENT_BEAN_NAME))
				.isSameAs(context.getBean(RestClient.class));
			assertThat(context.getBean(BlockingTokenAccess.class).getTimeout()).isEqualTo(Duration.ofSeconds(30));
		});
	}

	@Test
	void replayConventionBeanOfTheApplicationReachesTheInterceptor() {
		ReplayObservationConvention convention = new DefaultReplayObservationConvention();
		this.contextRunner.withBean(ReplayObservationConvention.class, () -> convention)
			.run((context) -> assertThat(context.getBean(MarketigerAuthClientHttpRequestInterceptor.class))
				.extracting("observationConvention")
				.isSameAs(convention));
	}

	@Test
	void applicationWithoutWebServerGetsRestClient() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues(CREDENTIALS)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(MarketigerAuthClientHttpRequestInterceptor.class)
				.hasBean(MarketigerAuthRestClientAutoConfiguration.REST_CLIENT_BEAN_NAME));
	}

	@Test
	void reactiveApplicationGetsNoBlockingClient() {
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues(CREDENTIALS)
			.run((context) -> {
				assertNoBeansOfOurs(context);
				assertThat(context).hasSingleBean(TokenRefreshService.class)
					.hasBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME);
			});
	}

	@Test
	void runWithoutRestClientOnTheClassPathCreatesNoBlockingClient() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RestClient.class)).run((context) -> {
			assertNoBeansOfOurs(context);
			assertThat(context).hasBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME);
		});
	}

	@Test
	void runWithoutTokenRefreshServiceCreatesNoBeans() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.run((context) -> assertNoBeansOfOurs(context));
	}

	@Test
	void runWhenDisabledCreatesNoBeans() {
		this.contextRunner.withPropertyValues("marketiger.auth.enabled=false")
			.run((context) -> assertNoBeansOfOurs(context));
	}

	@Test
	void blockingTimeoutIsConfigurable() {
		this.contextRunner.withPropertyValues("marketiger.auth.blocking-timeout=5s")
			.run((context) -> assertThat(context.getBean(BlockingTokenAccess.class).getTimeout())
				.isEqualTo(Duration.ofSeconds(5)));
	}

	@Test
	void backsOffWhenUserDefinesBlockingTokenAccess() {
		this.contextRunner.withUserConfiguration(UserBlockingTokenAccessConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(BlockingTokenAccess.class);
			assertThat(context.getBean(BlockingTokenAccess.class).getTimeout()).isEqualTo(Duration.ofSeconds(3));
		});
	}

	@Test
	void backsOffWhenUserDefinesInterceptor() {
		this.contextRunner.withUserConfiguration(UserInterceptorConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(MarketigerAuthClientHttpRequestInterceptor.class);
			assertThat(context.getBean(MarketigerAuthClientHttpRequestInterceptor.class))
				.isSameAs(context.getBean("userInterceptor"));
		});
	}

	@Test
	void backsOffWhenUserDefinesMarketigerRestClient() {
		this.contextRunner.withUserConfiguration(UserMarketigerRestClientConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(RestClient.class);
			assertThat(context.getBean(MarketigerAuthRestClientAutoConfiguration.REST_CLIENT_BEAN_NAME))
				.isSameAs(UserMarketigerRestClientConfiguration.REST_CLIENT);
		});
	}

	@Test
	void applicationsOwnRestClientIsInjectedByTypeAndMarketigerRestClientByQualifier() {
		this.contextRunner.withUserConfiguration(UserOtherRestClientConfiguration.class, RestClientConsumers.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RestClientConsumers consumers = context.getBean(RestClientConsumers.class);
				assertThat(consumers.byType).isSameAs(context.getBean("otherRestClient"));
				assertThat(consumers.byQualifier)
					.isSameAs(context.getBean(MarketigerAuthRestClientAutoConfiguration.REST_CLIENT_BEAN_NAME))
					.isNotSameAs(consumers.byType);
			});
	}

	@Test
	void keepsMarketigerRestClientBesideUserRestClientOfAnotherName() {
		this.contextRunner.withUserConfiguration(UserOtherRestClientConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().getBeans(RestClient.class).hasSize(2);
			assertThat(context.getBean(MarketigerAuthRestClientAutoConfiguration.REST_CLIENT_BEAN_NAME))
				.isNotSameAs(context.getBean("otherRestClient"));
		});
	}

	@Test
	void marketigerRestClientCarriesTheTokenAndIsBuiltFromTheApplicationsBuilder() {
		stubLoginAndProjects();
		this.contextRunner.withPropertyValues(baseUrl())
			.withUserConfiguration(UserRestClientCustomizerConfiguration.class)
			.run((context) -> {
				String projects = restClient(context).get().uri("/Project/GetProjects").retrieve().body(String.class);
				assertThat(projects).contains("Showroom");
				this.api.verify(1,
						getRequestedFor(urlEqualTo("/v2/Project/GetProjects"))
							.withHeader("Authorization", equalTo("Bearer access-1"))
							.withHeader("X-Customized", equalTo("yes")));
				// The auth calls carry the password: no application customizer touches
				// them.
				this.api.verify(1, postRequestedFor(urlEqualTo("/v2/Auth/Login")).withoutHeader("X-Customized")
					.withoutHeader("Authorization"));
			});
	}

	@Test
	void marketigerRestClientWorksWithoutRestClientAutoConfiguration() {
		stubLoginAndProjects();
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MarketigerAuthAutoConfiguration.class,
					MarketigerAuthRestClientAutoConfiguration.class))
			.withPropertyValues(CREDENTIALS)
			.withPropertyValues(baseUrl())
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(RestClient.Builder.class);
				assertThat(restClient(context).get().uri("/Project/GetProjects").retrieve().body(String.class))
					.contains("Showroom");
			});
	}

	@Test
	void marketigerRestClientDoesNotSendTheTokenToAnotherOrigin() {
		WireMockServer other = new WireMockServer(options().dynamicPort());
		other.start();
		try {
			other.stubFor(get(anyUrl()).willReturn(okJson("{}")));
			this.contextRunner.withPropertyValues(baseUrl()).run((context) -> {
				restClient(context).get()
					.uri(other.baseUrl() + "/v2/Project/GetProjects")
					.retrieve()
					.toBodilessEntity();
				other.verify(1, getRequestedFor(urlEqualTo("/v2/Project/GetProjects")).withoutHeader("Authorization"));
				this.api.verify(0, anyRequestedFor(anyUrl()));
			});
		}
		finally {
			other.stop();
		}
	}

	@Test
	void applicationRestTemplatesAreLeftAloneAndTheInterceptorIsOneLineAway() {
		stubLoginAndProjects();
		this.contextRunner.withPropertyValues(baseUrl()).run((context) -> {
			RestTemplateBuilder builder = context.getBean(RestTemplateBuilder.class);
			String apiUrl = this.api.baseUrl() + "/v2";

			RestTemplate plain = builder.rootUri(apiUrl).build();
			assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class)
				.isThrownBy(() -> plain.getForEntity("/Project/GetProjects", String.class));
			this.api.verify(1, getRequestedFor(urlEqualTo("/v2/Project/GetProjects")).withoutHeader("Authorization"));
			this.api.verify(0, postRequestedFor(urlEqualTo("/v2/Auth/Login")));

			RestTemplate marketiger = builder.rootUri(apiUrl)
				.additionalInterceptors(context.getBean(MarketigerAuthClientHttpRequestInterceptor.class))
				.build();
			assertThat(marketiger.getForObject("/Project/GetProjects", String.class)).contains("Showroom");
			this.api.verify(1, getRequestedFor(urlEqualTo("/v2/Project/GetProjects")).withHeader("Authorization",
					equalTo("Bearer access-1")));
		});
	}

	@Test
	void isRegisteredAndOrderedAfterTheMainAndBootsRestClientAutoConfigurations() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(MarketigerAuthRestClientAutoConfiguration.class.getName());
		AutoConfiguration annotation = MarketigerAuthRestClientAutoConfiguration.class
			.getAnnotation(AutoConfiguration.class);
		assertThat(annotation.after()).containsExactly(MarketigerAuthAutoConfiguration.class);
		assertThat(annotation.afterName()).containsExactly(RestClientAutoConfiguration.class.getName());
	}

	@Test
	void everyBeanIsConditionalOnMissingBean() {
		List<Method> beanMethods = Stream
			.concat(Stream.of(MarketigerAuthRestClientAutoConfiguration.class),
					Arrays.stream(MarketigerAuthRestClientAutoConfiguration.class.getDeclaredClasses()))
			.flatMap((type) -> Arrays.stream(type.getDeclaredMethods()))
			.filter((method) -> method.isAnnotationPresent(Bean.class))
			.toList();
		assertThat(beanMethods).hasSize(7)
			.allSatisfy((method) -> assertThat(method.isAnnotationPresent(ConditionalOnMissingBean.class))
				.as(method.getName())
				.isTrue());
	}

	private void stubLoginAndProjects() {
		this.api.stubFor(post(urlEqualTo("/v2/Auth/Login")).willReturn(
				okJson("{\"success\":true,\"data\":{\"accessToken\":\"access-1\",\"refreshToken\":\"refresh-1\"}}")));
		this.api.stubFor(get(urlEqualTo("/v2/Project/GetProjects")).willReturn(unauthorized()));
		this.api
			.stubFor(get(urlEqualTo("/v2/Project/GetProjects")).withHeader("Authorization", equalTo("Bearer access-1"))
				.willReturn(okJson(PROJECTS)));
	}

	private String baseUrl() {
		return "marketiger.auth.base-url=http://localhost:" + this.api.port() + "/v2";
	}

	private static RestClient restClient(ApplicationContext context) {
		return context.getBean(MarketigerAuthRestClientAutoConfiguration.REST_CLIENT_BEAN_NAME, RestClient.class);
	}

	private static void assertNoBeansOfOurs(ApplicationContextAssertProvider<?> context) {
		assertThat(context).hasNotFailed()
			.doesNotHaveBean(BlockingTokenAccess.class)
			.doesNotHaveBean(MarketigerAuthClientHttpRequestInterceptor.class)
			.doesNotHaveBean(MarketigerAuthRestClientAutoConfiguration.REST_CLIENT_BEAN_NAME);
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBlockingTokenAccessConfiguration {

		@Bean
		BlockingTokenAccess userBlockingTokenAccess(TokenRefreshService tokens) {
			return new BlockingTokenAccess(tokens, Duration.ofSeconds(3));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserInterceptorConfiguration {

		@Bean
		MarketigerAuthClientHttpRequestInterceptor userInterceptor(TokenRefreshService tokens) {
			return new MarketigerAuthClientHttpRequestInterceptor(new BlockingTokenAccess(tokens),
					ApiOrigin.of(URI.create("https://api.example.com/v2")));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMarketigerRestClientConfiguration {

		static final RestClient REST_CLIENT = RestClient.create("https://api.example.com/v2");

		@Bean(MarketigerAuthRestClientAutoConfiguration.REST_CLIENT_BEAN_NAME)
		RestClient marketigerRestClient() {
			return REST_CLIENT;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserOtherRestClientConfiguration {

		@Bean
		RestClient otherRestClient() {
			return RestClient.create("https://other.example.com");
		}

	}

	static class RestClientConsumers {

		final RestClient byType;

		final RestClient byQualifier;

		RestClientConsumers(RestClient byType,
				@Qualifier(MarketigerAuthRestClientAutoConfiguration.REST_CLIENT_BEAN_NAME) RestClient byQualifier) {
			this.byType = byType;
			this.byQualifier = byQualifier;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRestClientCustomizerConfiguration {

		@Bean
		RestClientCustomizer customHeader() {
			return (builder) -> builder.defaultHeader("X-Customized", "yes");
		}

	}

}
