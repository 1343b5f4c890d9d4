package com.marketiger3d.auth.autoconfigure;

import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.marketiger3d.auth.api.ApiOrigin;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.token.InMemoryTokenStore;
import com.marketiger3d.auth.token.StoredTokenPair;
import com.marketiger3d.auth.token.TokenPair;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenStore;
import com.marketiger3d.auth.web.reactive.MarketigerAuthExchangeFilterFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the conditions and the back-off of {@link MarketigerAuthAutoConfiguration}:
 * which beans exist for which properties and application beans, without an API.
 */
class MarketigerAuthAutoConfigurationTests {

	private static final String PASSWORD = "canary-password-5f1c";

	private static final String ACCESS_TOKEN = "canary-access-3c9d";

	private static final String REFRESH_TOKEN = "canary-refresh-e41a";

	private static final String ENCRYPTION_KEY = Base64.getEncoder().encodeToString(new byte[32]);

	private static final String[] CREDENTIALS = { "marketiger.auth.email=robot@example.com",
			"marketiger.auth.password=" + PASSWORD };

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(MarketigerAuthAutoConfiguration.class, WebClientAutoConfiguration.class));

	@Test
	void runWithCredentialsCreatesEveryBean() {
		this.contextRunner.withPropertyValues(CREDENTIALS).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(MarketigerAuthProperties.class)
				.hasSingleBean(TokenRefreshService.class)
				.hasSingleBean(MarketigerAuthClient.class)
				.hasSingleBean(TokenStore.class)
				.hasSingleBean(InMemoryTokenStore.class)
				.hasSingleBean(MarketigerAuthExchangeFilterFunction.class)
				.hasBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME)
				.doesNotHaveBean(MarketigerAuthStartupLogin.class);
			assertThat(context.getBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME))
				.isInstanceOf(WebClient.class);
			assertThat(context.getBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME))
				.isSameAs(context.getBean(WebClient.class));
		});
	}

	@Test
	void readyWebClientIsMadeWhenFirstAskedForNotWhenTheContextStarts() {
		this.contextRunner.withPropertyValues(CREDENTIALS).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getSourceApplicationContext()
				.getBeanFactory()
				.containsSingleton(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME)).isFalse();
			assertThat(context.getBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME))
				.isInstanceOf(WebClient.class);
			assertThat(context.getSourceApplicationContext()
				.getBeanFactory()
				.containsSingleton(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME)).isTrue();
		});
	}

	@Test
	void keepAliveOfTheServiceAccountRunsWithTheContext() {
		this.contextRunner.withPropertyValues(CREDENTIALS).run((context) -> {
			MarketigerAuthKeepAliveLifecycle keepAlive = context.getBean(MarketigerAuthKeepAliveLifecycle.class);
			assertThat(keepAlive.isRunning()).isTrue();
			context.close();
			assertThat(keepAlive.isRunning()).isFalse();
		});
	}

	@Test
	void keepAliveCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withPropertyValues("marketiger.auth.keep-alive=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(MarketigerAuthKeepAliveLifecycle.class));
	}

	@Test
	void runWithInitialAccessTokenOnlyCreatesEveryBean() {
		this.contextRunner.withPropertyValues("marketiger.auth.access-token=" + ACCESS_TOKEN).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(TokenRefreshService.class)
				.hasBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME);
			assertThat(context.getBean(TokenRefreshService.class).accessToken().block(TIMEOUT)).isEqualTo(ACCESS_TOKEN);
		});
	}

	@Test
	void backsOffWhenUserDefinesTokenRefreshService() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withUserConfiguration(UserTokenRefreshServiceConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(TokenRefreshService.class);
				assertThat(context.getBean(TokenRefreshService.class)).isSameAs(context.getBean("userTokens"));
				assertThat(context.getBean(TokenRefreshService.class).getSessionKey()).isEqualTo("user-session");
			});
	}

	@Test
	void backsOffWhenUserDefinesMarketigerAuthClient() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withUserConfiguration(UserAuthClientConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(MarketigerAuthClient.class);
				assertThat(context.getBean(MarketigerAuthClient.class)).isSameAs(context.getBean("userAuthClient"));
			});
	}

	@Test
	void backsOffWhenUserDefinesTokenStore() {
		this.contextRunner.withPropertyValues("marketiger.auth.access-token=" + ACCESS_TOKEN)
			.withUserConfiguration(UserTokenStoreConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(TokenStore.class)
					.doesNotHaveBean(InMemoryTokenStore.class);
				RecordingTokenStore store = context.getBean(RecordingTokenStore.class);
				assertThat(context.getBean(TokenRefreshService.class).accessToken().block(TIMEOUT))
					.isEqualTo(ACCESS_TOKEN);
				assertThat(store.replaced).hasValue(1);
			});
	}

	@Test
	void backsOffWhenUserDefinesInMemoryTokenStore() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withUserConfiguration(UserInMemoryTokenStoreConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(TokenStore.class);
				assertThat(context.getBean(TokenStore.class)).isSameAs(context.getBean("userStore"));
			});
	}

	@Test
	void backsOffWhenUserDefinesExchangeFilterFunction() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withUserConfiguration(UserFilterConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(MarketigerAuthExchangeFilterFunction.class);
				assertThat(context.getBean(MarketigerAuthExchangeFilterFunction.class))
					.isSameAs(context.getBean("userFilter"));
			});
	}

	@Test
	void backsOffWhenUserDefinesMarketigerWebClient() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withUserConfiguration(UserMarketigerWebClientConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(WebClient.class);
				assertThat(context.getBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME))
					.isSameAs(UserMarketigerWebClientConfiguration.WEB_CLIENT);
			});
	}

	@Test
	void keepsMarketigerWebClientBesideUserWebClientOfAnotherName() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withUserConfiguration(UserOtherWebClientConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().getBeans(WebClient.class).hasSize(2);
				assertThat(context.getBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME))
					.isNotSameAs(context.getBean("otherWebClient"));
			});
	}

	@Test
	void applicationsOwnWebClientIsInjectedByTypeAndMarketigerWebClientByQualifier() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withUserConfiguration(UserOtherWebClientConfiguration.class, WebClientConsumers.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				WebClientConsumers consumers = context.getBean(WebClientConsumers.class);
				assertThat(consumers.byType).isSameAs(context.getBean("otherWebClient"));
				assertThat(consumers.byQualifier)
					.isSameAs(context.getBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME))
					.isNotSameAs(consumers.byType);
			});
	}

	@Test
	void runWhenDisabledCreatesNoBeans() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withPropertyValues("marketiger.auth.enabled=false")
			.run((context) -> assertNoBeansOfOurs(context));
	}

	@Test
	void runWhenDisabledIgnoresInvalidProperties() {
		this.contextRunner.withPropertyValues("marketiger.auth.enabled=false", "marketiger.auth.refresh-ahead=-1s")
			.run((context) -> assertNoBeansOfOurs(context));
	}

	@Test
	void runWithoutWebClientCreatesNoBeans() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withClassLoader(new FilteredClassLoader(WebClient.class))
			.run((context) -> assertNoBeansOfOurs(context));
	}

	@Test
	void runWithoutReactorNettyCreatesEveryBean() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withClassLoader(new FilteredClassLoader(HttpClient.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(MarketigerAuthClient.class)
				.hasSingleBean(TokenRefreshService.class)
				.hasBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME));
	}

	@Test
	void runWithoutSpringBootHttpClientCreatesNoBeans() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withClassLoader(new FilteredClassLoader(ClientHttpConnectorBuilder.class))
			.run((context) -> assertNoBeansOfOurs(context));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidProperties")
	void invalidPropertyFailsStartupNamingTheProperty(String property, String[] values) {
		this.contextRunner.withPropertyValues(values).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			String messages = messages(failure);
			assertThat(quotedPropertyNames(messages)).containsExactly(property);
			assertThat(messages).doesNotContain(PASSWORD, ACCESS_TOKEN, REFRESH_TOKEN, ENCRYPTION_KEY);
			List<Throwable> causes = causes(failure);
			causes.stream()
				.filter(InvalidMarketigerAuthPropertyException.class::isInstance)
				.map(InvalidMarketigerAuthPropertyException.class::cast)
				.findFirst()
				.ifPresent((invalid) -> {
					assertThat(invalid.getProperty()).isEqualTo(property);
					FailureAnalysis analysis = new MarketigerAuthPropertiesFailureAnalyzer().analyze(failure);
					assertThat(analysis.getDescription()).contains("'" + property + "'");
					assertThat(analysis.getAction()).contains("'" + property + "'");
				});
		});
	}

	static Stream<Arguments> invalidProperties() {
		List<Arguments> cases = new ArrayList<>();
		for (String duration : List.of("refresh-ahead", "clock-skew", "refresh-token-lifetime",
				"default-access-token-lifetime", "connect-timeout", "response-timeout", "blocking-timeout",
				"retry.initial-backoff", "retry.max-backoff", "store.redis.lease-time")) {
			cases.add(invalid(duration, duration + "=-1s"));
		}
		for (String duration : List.of("refresh-token-lifetime", "default-access-token-lifetime", "connect-timeout",
				"response-timeout", "blocking-timeout", "retry.initial-backoff", "store.redis.lease-time")) {
			cases.add(invalid(duration, duration + "=0s"));
		}
		cases.add(invalid("connect-timeout", "connect-timeout=30d"));
		cases.add(invalid("refresh-ahead", "refresh-ahead=5s", "clock-skew=10s"));
		cases.add(invalid("refresh-ahead", "refresh-ahead=abc"));
		cases.add(invalid("retry.max-backoff", "retry.max-backoff=5x"));
		for (String url : List.of("https://exa mple.com/v2", "/v2", "devapi.marketiger3d.com/v2",
				"ftp://devapi.marketiger3d.com/v2", "http://devapi.marketiger3d.com/v2", "http://10.0.0.1/v2",
				"http://localhost.example.com/v2", "https:///v2", "https://user:secret@devapi.marketiger3d.com/v2",
				"https://devapi.marketiger3d.com/v2?key=1", "https://devapi.marketiger3d.com/v2#top", "mailto:a@b.c",
				"")) {
			cases.add(invalid("base-url", "base-url=" + url));
		}
		cases.add(Arguments.of("marketiger.auth.password", new String[] { "marketiger.auth.email=robot@example.com" }));
		cases.add(Arguments.of("marketiger.auth.email", new String[] { "marketiger.auth.password=" + PASSWORD }));
		cases.add(Arguments.of("marketiger.auth.email",
				new String[] { "marketiger.auth.email=", "marketiger.auth.password=" + PASSWORD }));
		cases.add(Arguments.of("marketiger.auth.password",
				new String[] { "marketiger.auth.email=robot@example.com", "marketiger.auth.password=" }));
		cases.add(invalid("access-token", "access-token="));
		cases.add(invalid("refresh-token", "access-token=" + ACCESS_TOKEN, "refresh-token="));
		cases.add(invalid("access-token", "refresh-token=" + REFRESH_TOKEN));
		cases.add(Arguments.of("marketiger.auth.access-token",
				new String[] { "marketiger.auth.refresh-token=" + REFRESH_TOKEN }));
		cases.add(Arguments.of("marketiger.auth.email", new String[0]));
		cases.add(Arguments.of("marketiger.auth.email", new String[] { "marketiger.auth.base-url=https://x.example" }));
		cases.add(invalid("retry.max-attempts", "retry.max-attempts=0"));
		cases.add(invalid("retry.max-attempts", "retry.max-attempts=-3"));
		cases.add(invalid("retry.max-attempts", "retry.max-attempts=101"));
		cases.add(invalid("retry.max-attempts", "retry.max-attempts=many"));
		cases.add(invalid("retry.max-backoff", "retry.initial-backoff=1s", "retry.max-backoff=500ms"));
		cases.add(invalid("retry.max-login-backoff", "retry.max-backoff=10s", "retry.max-login-backoff=5s"));
		cases.add(invalid("retry.max-login-backoff", "retry.max-login-backoff=0s"));
		cases.add(invalid("retry.max-retry-after", "retry.max-retry-after=0s"));
		cases.add(invalid("rejected-token-min-age", "rejected-token-min-age=-1s"));
		cases.add(invalid("http-service-group", "http-service-group= "));
		cases.add(invalid("store.redis.encryption-key", "store.redis.encryption-key=not base64!"));
		cases.add(invalid("store.redis.encryption-key",
				"store.redis.encryption-key=" + Base64.getEncoder().encodeToString(new byte[16])));
		cases.add(invalid("store.redis.encryption-key", "store.redis.encryption-key="));
		cases.add(invalid("store.redis.previous-encryption-keys[1]",
				"store.redis.previous-encryption-keys=" + Base64.getEncoder().encodeToString(new byte[32]) + ","
						+ Base64.getEncoder().encodeToString(new byte[8])));
		cases.add(invalid("store.redis.key-time-to-live-margin", "store.redis.key-time-to-live-margin=0s"));
		cases.add(invalid("store.redis.key-prefix", "store.redis.key-prefix="));
		cases.add(invalid("store.redis.lease-time", "store.type=redis", "store.redis.lease-time=29s"));
		cases
			.add(invalid("store.redis.max-lease-hold", "store.redis.lease-time=30s", "store.redis.max-lease-hold=29s"));
		cases.add(invalid("store.type", "store.type=mongo"));
		return cases.stream();
	}

	@ParameterizedTest
	@ValueSource(strings = { "base-url=http://localhost:8080/v2", "base-url=http://127.0.0.1:8080/v2",
			"base-url=http://[::1]:8080/v2", "base-url=HTTP://LOCALHOST/v2", "base-url=https://api.example.com",
			"base-url=https://api.example.com/v2/", "refresh-ahead=10s", "clock-skew=0s",
			"refresh-ahead=0s,clock-skew=0s", "retry.max-attempts=1", "retry.max-attempts=100",
			"retry.initial-backoff=5s", "store.type=MEMORY", "store.type=memory", "connect-timeout=100ms",
			"refresh-ahead=PT2M" })
	void acceptsValidEdgeValues(String values) {
		String[] properties = Arrays.stream(values.split(","))
			.map((value) -> "marketiger.auth." + value)
			.toArray(String[]::new);
		this.contextRunner.withPropertyValues(CREDENTIALS).withPropertyValues(properties).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(TokenRefreshService.class);
		});
	}

	@Test
	void acceptsPlainHttpToAnyHostWhenAllowed() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withPropertyValues("marketiger.auth.base-url=http://devapi.marketiger3d.com/v2",
					"marketiger.auth.allow-insecure-http=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void acceptsValidEncryptionKey() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withPropertyValues("marketiger.auth.store.redis.encryption-key=" + ENCRYPTION_KEY)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void isRegisteredAsAutoConfiguration() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(MarketigerAuthAutoConfiguration.class.getName());
	}

	@Test
	void everyBeanIsConditionalOnMissingBeanExceptTheStartupLogin() {
		Set<String> unconditional = new LinkedHashSet<>();
		List<Method> beanMethods = Stream
			.concat(Stream.of(MarketigerAuthAutoConfiguration.class),
					Arrays.stream(MarketigerAuthAutoConfiguration.class.getDeclaredClasses()))
			.flatMap((type) -> Arrays.stream(type.getDeclaredMethods()))
			.filter((method) -> method.isAnnotationPresent(Bean.class))
			.toList();
		assertThat(beanMethods).hasSizeGreaterThanOrEqualTo(6);
		for (Method method : beanMethods) {
			if (!method.isAnnotationPresent(ConditionalOnMissingBean.class)) {
				unconditional.add(method.getName());
			}
		}
		assertThat(unconditional).containsExactly("marketigerAuthStartupLogin");
	}

	private static Arguments invalid(String property, String... values) {
		List<String> properties = new ArrayList<>(List.of(CREDENTIALS));
		for (String value : values) {
			properties.add("marketiger.auth." + value);
		}
		return Arguments.of("marketiger.auth." + property, properties.toArray(String[]::new));
	}

	private static void assertNoBeansOfOurs(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed()
			.doesNotHaveBean(MarketigerAuthProperties.class)
			.doesNotHaveBean(TokenRefreshService.class)
			.doesNotHaveBean(MarketigerAuthClient.class)
			.doesNotHaveBean(TokenStore.class)
			.doesNotHaveBean(MarketigerAuthExchangeFilterFunction.class)
			.doesNotHaveBean(MarketigerAuthStartupLogin.class)
			.doesNotHaveBean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME);
	}

	static List<Throwable> causes(Throwable failure) {
		List<Throwable> causes = new ArrayList<>();
		for (Throwable each = failure; each != null && !causes.contains(each); each = each.getCause()) {
			causes.add(each);
		}
		return causes;
	}

	static String messages(Throwable failure) {
		return causes(failure).stream().map(String::valueOf).collect(Collectors.joining("\n"));
	}

	private static Set<String> quotedPropertyNames(String text) {
		Set<String> names = new LinkedHashSet<>();
		Matcher matcher = Pattern.compile("'(marketiger\\.auth\\.[a-z0-9.\\[\\]-]+)'").matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserTokenRefreshServiceConfiguration {

		@Bean
		TokenRefreshService userTokens() {
			return TokenRefreshService
				.builder(MarketigerAuthClient.builder(URI.create("https://api.example.com/v2")).build(),
						new InMemoryTokenStore())
				.sessionKey("user-session")
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserAuthClientConfiguration {

		@Bean
		MarketigerAuthClient userAuthClient() {
			return MarketigerAuthClient.builder(URI.create("https://api.example.com/v2")).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTokenStoreConfiguration {

		@Bean
		RecordingTokenStore userStore() {
			return new RecordingTokenStore();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserInMemoryTokenStoreConfiguration {

		@Bean
		InMemoryTokenStore userStore() {
			return new InMemoryTokenStore();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilterConfiguration {

		@Bean
		MarketigerAuthExchangeFilterFunction userFilter(TokenRefreshService tokens) {
			return new MarketigerAuthExchangeFilterFunction(tokens,
					ApiOrigin.of(URI.create("https://api.example.com/v2")));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMarketigerWebClientConfiguration {

		static final WebClient WEB_CLIENT = WebClient.create("https://api.example.com/v2");

		@Bean(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME)
		WebClient marketigerWebClient() {
			return WEB_CLIENT;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserOtherWebClientConfiguration {

		@Bean
		WebClient otherWebClient() {
			return WebClient.create("https://other.example.com");
		}

	}

	static class WebClientConsumers {

		final WebClient byType;

		final WebClient byQualifier;

		WebClientConsumers(WebClient byType,
				@Qualifier(MarketigerAuthAutoConfiguration.WEB_CLIENT_BEAN_NAME) WebClient byQualifier) {
			this.byType = byType;
			this.byQualifier = byQualifier;
		}

	}

	/** A store of the user's own kind, which is not an {@link InMemoryTokenStore}. */
	static class RecordingTokenStore implements TokenStore {

		private final InMemoryTokenStore delegate = new InMemoryTokenStore();

		final AtomicInteger replaced = new AtomicInteger();

		@Override
		public Mono<StoredTokenPair> load(String sessionKey) {
			return this.delegate.load(sessionKey);
		}

		@Override
		public Mono<StoredTokenPair> replace(String sessionKey, long expectedVersion, TokenPair pair) {
			this.replaced.incrementAndGet();
			return this.delegate.replace(sessionKey, expectedVersion, pair);
		}

	}

}
