package com.marketiger3d.auth.autoconfigure;

import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import com.marketiger3d.auth.redis.RedisRefreshCoordinator;
import com.marketiger3d.auth.redis.RedisTokenStore;
import com.marketiger3d.auth.test.TestRedis;
import com.marketiger3d.auth.token.InMemoryTokenStore;
import com.marketiger3d.auth.token.RefreshCoordinator;
import com.marketiger3d.auth.token.RenewalLease;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MarketigerAuthRedisAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class MarketigerAuthRedisAutoConfigurationTests {

	private static final String ACCESS_TOKEN = "canary-access-77c1";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final String keyPrefix = TestRedis.randomKeyPrefix();

	private final InetSocketAddress redis = TestRedis.address();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MarketigerAuthAutoConfiguration.class,
				MarketigerAuthRedisAutoConfiguration.class, WebClientAutoConfiguration.class,
				DataRedisAutoConfiguration.class, DataRedisReactiveAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=" + this.redis.getHostString(),
				"spring.data.redis.port=" + this.redis.getPort(), "marketiger.auth.access-token=" + ACCESS_TOKEN,
				"marketiger.auth.store.redis.key-prefix=" + this.keyPrefix);

	@AfterEach
	void cleanUp() {
		LettuceConnectionFactory factory = TestRedis.connectionFactory();
		try {
			TestRedis.deleteKeys(factory, this.keyPrefix);
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void redisStoreTypeCreatesTheRedisStoreAndCoordinatorAndStoresThePairInRedis() {
		this.contextRunner.withPropertyValues("marketiger.auth.store.type=redis").run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(RedisTokenStore.class)
				.hasSingleBean(RedisRefreshCoordinator.class)
				.doesNotHaveBean(InMemoryTokenStore.class);
			assertThat(context.getBean(TokenRefreshService.class).accessToken().block(TIMEOUT)).isEqualTo(ACCESS_TOKEN);
			RedisTokenStore store = context.getBean(RedisTokenStore.class);
			assertThat(store.load(TokenRefreshService.SERVICE_ACCOUNT_SESSION).block(TIMEOUT))
				.satisfies((stored) -> assertThat(stored.pair().accessToken()).isEqualTo(ACCESS_TOKEN));
		});
	}

	@Test
	void redisStoreTypeRequiresAReactiveRedisConnectionFactory() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MarketigerAuthAutoConfiguration.class,
					MarketigerAuthRedisAutoConfiguration.class))
			.withPropertyValues("marketiger.auth.access-token=" + ACCESS_TOKEN, "marketiger.auth.store.type=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining(ReactiveRedisConnectionFactory.class.getName());
			});
	}

	@Test
	void redisStoreTypeWithoutSpringDataRedisFailsNamingStoreType() {
		this.contextRunner.withPropertyValues("marketiger.auth.store.type=redis")
			.withClassLoader(new FilteredClassLoader(ReactiveRedisConnectionFactory.class))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidMarketigerAuthPropertyException.class)
					.hasMessageContaining("'marketiger.auth.store.type'")
					.hasMessageContaining("spring-boot-starter-data-redis-reactive");
			});
	}

	@Test
	void redisStoreTypeWithoutLettuceFailsNamingStoreType() {
		this.contextRunner.withPropertyValues("marketiger.auth.store.type=redis")
			.withClassLoader(new FilteredClassLoader("io.lettuce.core"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidMarketigerAuthPropertyException.class)
					.hasMessageContaining("'marketiger.auth.store.type'");
			});
	}

	@Test
	void memoryIsTheDefaultEvenWithRedisAvailable() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(InMemoryTokenStore.class)
				.doesNotHaveBean(RedisTokenStore.class)
				.doesNotHaveBean(RefreshCoordinator.class);
			assertThat(context.getBean(TokenRefreshService.class).accessToken().block(TIMEOUT)).isEqualTo(ACCESS_TOKEN);
		});
	}

	@Test
	void backsOffWhenUserDefinesTokenStoreAndCoordinator() {
		this.contextRunner.withPropertyValues("marketiger.auth.store.type=redis")
			.withUserConfiguration(UserStoreAndCoordinatorConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(RedisTokenStore.class)
					.doesNotHaveBean(RedisRefreshCoordinator.class)
					.hasSingleBean(TokenStore.class)
					.hasSingleBean(RefreshCoordinator.class);
				assertThat(context.getBean(TokenRefreshService.class).accessToken().block(TIMEOUT))
					.isEqualTo(ACCESS_TOKEN);
				assertThat(context.getBean(CountingCoordinator.class).acquired).isOne();
			});
	}

	@Test
	void withoutAnEncryptionKeyAWarningSaysTokensAreStoredInPlainText(CapturedOutput output) {
		this.contextRunner.withPropertyValues("marketiger.auth.store.type=redis").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("MarkeTiger tokens are stored in plain text in Redis")
				.contains("marketiger.auth.store.redis.encryption-key");
		});
	}

	@Test
	void withAnEncryptionKeyNoPlainTextWarningAndNothingReadableInRedis(CapturedOutput output) {
		String key = Base64.getEncoder().encodeToString(new byte[32]);
		this.contextRunner
			.withPropertyValues("marketiger.auth.store.type=redis", "marketiger.auth.store.redis.encryption-key=" + key)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(TokenRefreshService.class).accessToken().block(TIMEOUT))
					.isEqualTo(ACCESS_TOKEN);
				assertThat(context.getBean(RedisTokenStore.class))
					.hasToString("RedisTokenStore[keyPrefix=" + this.keyPrefix + ", encrypted=true]");
				assertThat(output).doesNotContain("plain text");
			});
	}

	@Test
	void isRegisteredAsAutoConfiguration() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(MarketigerAuthRedisAutoConfiguration.class.getName());
	}

	@Test
	void everyBeanIsConditionalOnMissingBean() {
		List<Method> beanMethods = Arrays.stream(MarketigerAuthRedisAutoConfiguration.class.getDeclaredMethods())
			.filter((method) -> method.isAnnotationPresent(Bean.class))
			.toList();
		assertThat(beanMethods).hasSize(2)
			.allSatisfy((method) -> assertThat(method.isAnnotationPresent(ConditionalOnMissingBean.class)).isTrue());
	}

	@Configuration(proxyBeanMethods = false)
	static class UserStoreAndCoordinatorConfiguration {

		@Bean
		InMemoryTokenStore userStore() {
			return new InMemoryTokenStore();
		}

		@Bean
		CountingCoordinator userCoordinator() {
			return new CountingCoordinator();
		}

	}

	static class CountingCoordinator implements RefreshCoordinator {

		int acquired;

		@Override
		public Mono<RenewalLease> acquire(String sessionKey, long knownVersion) {
			this.acquired++;
			return RefreshCoordinator.inProcess().acquire(sessionKey, knownVersion);
		}

	}

}
