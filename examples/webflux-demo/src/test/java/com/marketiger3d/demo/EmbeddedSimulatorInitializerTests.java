package com.marketiger3d.demo;

import java.io.IOException;
import java.net.Socket;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import com.marketiger3d.auth.autoconfigure.MarketigerAuthAutoConfiguration;
import com.marketiger3d.auth.autoconfigure.MarketigerAuthProperties;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.simulator.MarketigerSimulator;
import com.marketiger3d.simulator.MutableClock;
import com.marketiger3d.simulator.SimulatorSettings;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link EmbeddedSimulatorInitializer}.
 */
class EmbeddedSimulatorInitializerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withInitializer(
				(context) -> new EmbeddedSimulatorInitializer().initialize((GenericApplicationContext) context))
		.withConfiguration(AutoConfigurations.of(MarketigerAuthAutoConfiguration.class));

	@Test
	void withoutBaseUrlStartsASimulatorAndPointsTheStarterAtItsDemoAccount() {
		this.contextRunner.run((context) -> {
			MarketigerSimulator simulator = context.getBean(MarketigerSimulator.class);
			MarketigerAuthProperties auth = context.getBean(MarketigerAuthProperties.class);
			assertThat(auth.getBaseUrl()).isEqualTo(simulator.baseUrl());
			assertThat(auth.getEmail()).isEqualTo(SimulatorSettings.DEMO_ACCOUNT.email());
			assertThat(auth.getPassword()).isEqualTo(SimulatorSettings.DEMO_ACCOUNT.password());
			assertThat(context.getBean(TokenRefreshService.class).accessToken().block(Duration.ofMinutes(1)))
				.isNotBlank();
			assertThat(simulator.counters().logins()).isOne();
		});
	}

	@Test
	void embeddedSimulatorOverridesCredentialsItWouldNotAccept() {
		this.contextRunner
			.withPropertyValues("marketiger.auth.email=someone@example.test", "marketiger.auth.password=secret")
			.run((context) -> assertThat(context.getBean(MarketigerAuthProperties.class).getEmail())
				.isEqualTo(SimulatorSettings.DEMO_ACCOUNT.email()));
	}

	@Test
	void embeddedSimulatorReadsTheApplicationsClock() {
		MutableClock clock = new MutableClock(Instant.parse("2030-01-01T08:00:00Z"));
		this.contextRunner.withBean(Clock.class, () -> clock).run((context) -> {
			String token = context.getBean(TokenRefreshService.class).accessToken().block(Duration.ofMinutes(1));
			assertThat(claims(token).getIssueTime().toInstant()).isEqualTo(clock.instant());
		});
	}

	@Test
	void accessTokenLifetimeIsConfigurable() {
		this.contextRunner.withPropertyValues("demo.simulator.access-token-lifetime=2m").run((context) -> {
			JWTClaimsSet claims = claims(
					context.getBean(TokenRefreshService.class).accessToken().block(Duration.ofMinutes(1)));
			assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
				.isEqualTo(Duration.ofMinutes(2));
		});
	}

	@Test
	void accessTokenLifetimeMustBePositive() {
		this.contextRunner.withPropertyValues("demo.simulator.access-token-lifetime=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("demo.simulator.access-token-lifetime must be positive"));
	}

	@Test
	void closingTheContextStopsTheSimulator() {
		AtomicInteger port = new AtomicInteger();
		this.contextRunner.run((context) -> port.set(context.getBean(MarketigerSimulator.class).port()));
		assertThat(port).hasPositiveValue();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> new Socket("127.0.0.1", port.get()).close());
	}

	@Test
	void embeddedFalseStartsNoSimulator() {
		new ApplicationContextRunner()
			.withInitializer(
					(context) -> new EmbeddedSimulatorInitializer().initialize((GenericApplicationContext) context))
			.withPropertyValues("demo.simulator.embedded=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MarketigerSimulator.class);
				assertThat(context.getEnvironment()
					.getPropertySources()
					.contains(EmbeddedSimulatorInitializer.PROPERTY_SOURCE_NAME)).isFalse();
			});
	}

	@Test
	void withMarketigerAuthBaseUrlStartsNoSimulator() {
		this.contextRunner
			.withPropertyValues("marketiger.auth.base-url=https://api.example.test/v2",
					"marketiger.auth.email=someone@example.test", "marketiger.auth.password=secret")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MarketigerSimulator.class);
				assertThat(context.getEnvironment()
					.getPropertySources()
					.contains(EmbeddedSimulatorInitializer.PROPERTY_SOURCE_NAME)).isFalse();
				MarketigerAuthProperties auth = context.getBean(MarketigerAuthProperties.class);
				assertThat(auth.getBaseUrl()).isEqualTo("https://api.example.test/v2");
				assertThat(auth.getEmail()).isEqualTo("someone@example.test");
			});
	}

	@Test
	void withMarketigerBaseUrlStartsNoSimulatorAndUsesTheMarketigerVariables() {
		this.contextRunner
			.withPropertyValues("MARKETIGER_BASE_URL=https://api.example.test/v2",
					"MARKETIGER_EMAIL=someone@example.test", "MARKETIGER_PASSWORD=secret")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MarketigerSimulator.class);
				MarketigerAuthProperties auth = context.getBean(MarketigerAuthProperties.class);
				assertThat(auth.getBaseUrl()).isEqualTo("https://api.example.test/v2");
				assertThat(auth.getEmail()).isEqualTo("someone@example.test");
				assertThat(auth.getPassword()).isEqualTo("secret");
			});
	}

	@Test
	void marketigerAuthPropertiesWinOverTheMarketigerVariables() {
		this.contextRunner
			.withPropertyValues("MARKETIGER_BASE_URL=https://api.example.test/v2",
					"MARKETIGER_EMAIL=someone@example.test", "MARKETIGER_PASSWORD=secret",
					"marketiger.auth.email=other@example.test")
			.run((context) -> assertThat(context.getBean(MarketigerAuthProperties.class).getEmail())
				.isEqualTo("other@example.test"));
	}

	private static JWTClaimsSet claims(String accessToken) throws ParseException {
		return JWTParser.parse(accessToken).getJWTClaimsSet();
	}

}
