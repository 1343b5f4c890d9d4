package com.marketiger3d.demo.peruser;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.InvalidCredentialsException;
import com.marketiger3d.auth.autoconfigure.MarketigerAuthAutoConfiguration;
import com.marketiger3d.auth.autoconfigure.MarketigerAuthProperties;
import com.marketiger3d.auth.token.TokenSessions;
import com.marketiger3d.simulator.MarketigerSimulator;
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

	private static final Duration TIMEOUT = Duration.ofMinutes(1);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withInitializer(
				(context) -> new EmbeddedSimulatorInitializer().initialize((GenericApplicationContext) context))
		.withPropertyValues("marketiger.auth.mode=per-user")
		.withConfiguration(AutoConfigurations.of(MarketigerAuthAutoConfiguration.class));

	@Test
	void withoutBaseUrlStartsASimulatorWithOneAccountPerDemoUserAndConfiguresNoCredentials() {
		this.contextRunner.run((context) -> {
			MarketigerSimulator simulator = context.getBean(MarketigerSimulator.class);
			MarketigerAuthProperties auth = context.getBean(MarketigerAuthProperties.class);
			assertThat(auth.getBaseUrl()).isEqualTo(simulator.baseUrl());
			assertThat(auth.getEmail()).isNull();
			assertThat(auth.getPassword()).isNull();
			TokenSessions sessions = context.getBean(TokenSessions.class);
			sessions.connect("alice", new Credentials("alice@marketiger3d.test", "alice-marketiger-password"))
				.block(TIMEOUT);
			sessions.connect("bob", new Credentials("bob@marketiger3d.test", "bob-marketiger-password")).block(TIMEOUT);
			assertThat(simulator.counters().logins()).isEqualTo(2);
		});
	}

	@Test
	void accountsAreConfigurable() {
		this.contextRunner
			.withPropertyValues("demo.simulator.accounts[0].email=carol@example.test",
					"demo.simulator.accounts[0].password=carol-password")
			.run((context) -> {
				TokenSessions sessions = context.getBean(TokenSessions.class);
				sessions.connect("carol", new Credentials("carol@example.test", "carol-password")).block(TIMEOUT);
				assertThatExceptionOfType(InvalidCredentialsException.class).isThrownBy(() -> sessions
					.connect("alice", new Credentials("alice@marketiger3d.test", "alice-marketiger-password"))
					.block(TIMEOUT));
			});
	}

	@Test
	void anAccountWithoutPasswordStopsTheStartNamingTheSettings() {
		this.contextRunner.withPropertyValues("demo.simulator.accounts[0].email=carol@example.test")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("demo.simulator is invalid")
				.hasMessageContaining("password"));
	}

	@Test
	void accessTokenLifetimeMustBePositive() {
		this.contextRunner.withPropertyValues("demo.simulator.access-token-lifetime=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("demo.simulator is invalid")
				.hasMessageContaining("access-token-lifetime"));
	}

	@Test
	void closingTheContextStopsTheSimulator() {
		AtomicInteger port = new AtomicInteger();
		this.contextRunner.run((context) -> port.set(context.getBean(MarketigerSimulator.class).port()));
		assertThat(port).hasPositiveValue();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> new Socket("127.0.0.1", port.get()).close());
	}

	@Test
	void withMarketigerAuthBaseUrlStartsNoSimulator() {
		this.contextRunner.withPropertyValues("marketiger.auth.base-url=https://api.example.test/v2").run((context) -> {
			assertThat(context).doesNotHaveBean(MarketigerSimulator.class);
			assertThat(context.getEnvironment()
				.getPropertySources()
				.contains(EmbeddedSimulatorInitializer.PROPERTY_SOURCE_NAME)).isFalse();
			assertThat(context.getBean(MarketigerAuthProperties.class).getBaseUrl())
				.isEqualTo("https://api.example.test/v2");
		});
	}

	@Test
	void withMarketigerBaseUrlStartsNoSimulatorAndCallsThatApi() {
		this.contextRunner.withPropertyValues("MARKETIGER_BASE_URL=https://api.example.test/v2").run((context) -> {
			assertThat(context).doesNotHaveBean(MarketigerSimulator.class);
			assertThat(context.getBean(MarketigerAuthProperties.class).getBaseUrl())
				.isEqualTo("https://api.example.test/v2");
		});
	}

}
