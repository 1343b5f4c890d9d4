package com.marketiger3d.auth.autoconfigure;

import java.time.Duration;
import java.util.Base64;

import com.marketiger3d.auth.redis.RedisRefreshCoordinator;
import com.marketiger3d.auth.redis.RedisTokenStore;
import com.marketiger3d.auth.token.RefreshCoordinator;
import com.marketiger3d.auth.token.TokenStore;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Auto-configuration of the Redis token store and the cluster-wide refresh lease, with
 * {@code marketiger.auth.store.type=redis}. Uses the application's
 * {@link ReactiveRedisConnectionFactory}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = MarketigerAuthAutoConfiguration.class,
		afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration" })
@ConditionalOnClass({ ReactiveRedisConnectionFactory.class, WebClient.class, ClientHttpConnectorBuilder.class })
@ConditionalOnBooleanProperty(name = "marketiger.auth.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "marketiger.auth.store.type", havingValue = "redis")
@EnableConfigurationProperties(MarketigerAuthProperties.class)
public final class MarketigerAuthRedisAutoConfiguration {

	// The properties come first: their validation explains a missing Redis client better
	// than the missing connection factory would.
	MarketigerAuthRedisAutoConfiguration(MarketigerAuthProperties properties) {
		MarketigerAuthPropertiesValidator.validate(properties);
	}

	@Bean
	@ConditionalOnMissingBean(TokenStore.class)
	RedisTokenStore marketigerRedisTokenStore(MarketigerAuthProperties properties,
			ReactiveRedisConnectionFactory connectionFactory) {
		MarketigerAuthProperties.Redis redis = properties.getStore().getRedis();
		String key = redis.getEncryptionKey();
		if (key == null) {
			LettuceProtocolLogging.quiet();
		}
		return RedisTokenStore.builder(connectionFactory)
			.keyPrefix(redis.getKeyPrefix())
			.encryptionKey((key != null) ? Base64.getDecoder().decode(key.trim()) : null)
			.previousEncryptionKeys(redis.getPreviousEncryptionKeys()
				.stream()
				.map((k) -> Base64.getDecoder().decode(k.trim()))
				.toList())
			.keyTimeToLiveMargin(redis.getKeyTimeToLiveMargin())
			.timeout(operationTimeout(redis))
			.build();
	}

	@Bean
	@ConditionalOnMissingBean(RefreshCoordinator.class)
	RedisRefreshCoordinator marketigerRedisRefreshCoordinator(MarketigerAuthProperties properties,
			ReactiveRedisConnectionFactory connectionFactory) {
		MarketigerAuthProperties.Redis redis = properties.getStore().getRedis();
		return RedisRefreshCoordinator.builder(connectionFactory)
			.keyPrefix(redis.getKeyPrefix())
			.leaseTime(redis.getLeaseTime())
			.maxLeaseHold(redis.getMaxLeaseHold())
			.maxCallDuration(properties.getConnectTimeout().plus(properties.getResponseTimeout()))
			.build();
	}

	private static Duration operationTimeout(MarketigerAuthProperties.Redis redis) {
		return redis.getLeaseTime().dividedBy(6);
	}

}
