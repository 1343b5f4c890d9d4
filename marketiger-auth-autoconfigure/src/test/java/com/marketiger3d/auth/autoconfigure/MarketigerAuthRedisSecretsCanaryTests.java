package com.marketiger3d.auth.autoconfigure;

import java.net.InetSocketAddress;
import java.time.Duration;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.TestRedis;
import com.marketiger3d.auth.test.TraceLogging;
import com.marketiger3d.auth.token.TokenRefreshService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis store without an encryption key, every logger at TRACE: the tokens travel in
 * plain text, so the auto-configuration turns Lettuce's command logs down to INFO, with a
 * warning, and no log line shows a token.
 */
@WireMockTest
@ExtendWith({ TraceLogging.class, OutputCaptureExtension.class })
class MarketigerAuthRedisSecretsCanaryTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final String keyPrefix = TestRedis.randomKeyPrefix();

	private final InetSocketAddress redis = TestRedis.address();

	private final Logger lettuce = (Logger) LoggerFactory.getLogger(LettuceProtocolLogging.CATEGORY);

	private final Level lettuceLevel = this.lettuce.getLevel();

	@AfterEach
	void cleanUp() {
		this.lettuce.setLevel(this.lettuceLevel);
		LettuceConnectionFactory factory = TestRedis.connectionFactory();
		try {
			TestRedis.deleteKeys(factory, this.keyPrefix);
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void withoutAnEncryptionKeyLettuceCommandLogsAreTurnedDownAndShowNoToken(WireMockRuntimeInfo wireMock,
			CapturedOutput output) {
		this.lettuce.setLevel(null);
		AuthApiStub api = new AuthApiStub(wireMock.getWireMock(), Duration.ofMinutes(5)).loginThenRotations(2);
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MarketigerAuthAutoConfiguration.class,
					MarketigerAuthRedisAutoConfiguration.class, WebClientAutoConfiguration.class,
					DataRedisAutoConfiguration.class, DataRedisReactiveAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=" + this.redis.getHostString(),
					"spring.data.redis.port=" + this.redis.getPort(), "marketiger.auth.store.type=redis",
					"marketiger.auth.store.redis.key-prefix=" + this.keyPrefix,
					"marketiger.auth.base-url=" + wireMock.getHttpBaseUrl() + "/v2",
					"marketiger.auth.email=" + AuthApiStub.EMAIL, "marketiger.auth.password=" + AuthApiStub.PASSWORD)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TokenRefreshService service = context.getBean(TokenRefreshService.class);
				assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(api.accessToken(0));
				assertThat(service.refreshNow().block(TIMEOUT).accessToken()).isEqualTo(api.accessToken(1));
				assertThat(service.refreshNow().block(TIMEOUT).accessToken()).isEqualTo(api.accessToken(2));
			});

		assertThat(output).contains("it is set to INFO");
		assertThat(this.lettuce.getLevel()).isEqualTo(Level.INFO);
		for (int i = 0; i <= 2; i++) {
			String accessToken = api.accessToken(i);
			assertThat(output).doesNotContain(accessToken)
				.doesNotContain(accessToken.substring(accessToken.lastIndexOf('.') + 1))
				.doesNotContain(api.refreshToken(i));
		}
		assertThat(output).doesNotContain(AuthApiStub.PASSWORD);
	}

}
