package com.marketiger3d.auth.redis;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.MutableClock;
import com.marketiger3d.auth.test.TestRedis;
import com.marketiger3d.auth.test.TraceLogging;
import com.marketiger3d.auth.token.TokenRefreshService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis path at TRACE, Lettuce's protocol logs included, with canary tokens: no log
 * line shows a token, with an encryption key (Redis sees only ciphertext) or without one
 * (the store turns Lettuce's command logs down).
 */
@WireMockTest
@ExtendWith({ TraceLogging.class, OutputCaptureExtension.class })
class RedisSecretsCanaryTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	private final String keyPrefix = TestRedis.randomKeyPrefix();

	private final LettuceConnectionFactory redis = TestRedis.connectionFactory();

	private final Logger lettuce = (Logger) LoggerFactory.getLogger("io.lettuce.core.protocol");

	private final Level lettuceLevel = this.lettuce.getLevel();

	@AfterEach
	void cleanUp() {
		this.lettuce.setLevel(this.lettuceLevel);
		TestRedis.deleteKeys(this.redis, this.keyPrefix);
		this.redis.destroy();
	}

	@Test
	void withAnEncryptionKeyLettuceTraceShowsNoToken(WireMockRuntimeInfo wireMock, CapturedOutput output) {
		// At TRACE like every other logger, whatever an earlier test set.
		this.lettuce.setLevel(null);
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		AuthApiStub api = renewTwice(wireMock, key);

		// Lettuce's command log was on, and saw only ciphertext and digests.
		assertThat(output).contains("Sent:");
		assertNoToken(api, output);
	}

	private AuthApiStub renewTwice(WireMockRuntimeInfo wireMock, byte[] key) {
		AuthApiStub api = new AuthApiStub(wireMock.getWireMock(), LIFETIME).loginThenRotations(2);
		MarketigerAuthClient client = MarketigerAuthClient.builder(URI.create(wireMock.getHttpBaseUrl() + "/v2"))
			.clock(this.clock)
			.build();
		RedisTokenStore store = RedisTokenStore.builder(this.redis)
			.keyPrefix(this.keyPrefix)
			.encryptionKey(key)
			.build();
		RedisRefreshCoordinator coordinator = RedisRefreshCoordinator.builder(this.redis)
			.keyPrefix(this.keyPrefix)
			.build();
		TokenRefreshService service = TokenRefreshService.builder(client, store)
			.coordinator(coordinator)
			.clock(this.clock)
			.credentials(new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD))
			.build();
		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(api.accessToken(0));
		for (int i = 1; i <= 2; i++) {
			this.clock.advance(LIFETIME);
			assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(api.accessToken(i));
		}
		return api;
	}

	private static void assertNoToken(AuthApiStub api, CapturedOutput output) {
		for (int i = 0; i <= 2; i++) {
			assertThat(output).doesNotContain(api.accessToken(i)).doesNotContain(api.refreshToken(i));
			// The JWT's signature alone is a secret too.
			String accessToken = api.accessToken(i);
			assertThat(output).doesNotContain(accessToken.substring(accessToken.lastIndexOf('.') + 1));
		}
		assertThat(output).doesNotContain(AuthApiStub.PASSWORD);
	}

}
