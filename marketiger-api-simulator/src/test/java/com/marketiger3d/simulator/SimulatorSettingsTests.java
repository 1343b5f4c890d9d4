package com.marketiger3d.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SimulatorSettings}.
 */
class SimulatorSettingsTests {

	@Test
	void defaultsSuitTheDemo() {
		SimulatorSettings settings = SimulatorSettings.defaults();
		assertThat(settings.port()).isZero();
		assertThat(settings.accounts()).containsExactly(new Account("demo@marketiger3d.test", "demo-password"));
		assertThat(settings.accessTokenLifetime()).isEqualTo(Duration.ofSeconds(30));
		assertThat(settings.refreshTokenLifetime()).isEqualTo(Duration.ofHours(12));
		assertThat(settings.clock()).isEqualTo(Clock.systemUTC());
		assertThat(settings.errorRate()).isZero();
		assertThat(settings.errorKinds()).containsExactly(FaultKind.SERVICE_UNAVAILABLE, FaultKind.TOO_MANY_REQUESTS,
				FaultKind.TRUNCATED_JSON);
		assertThat(settings.latency()).isZero();
		assertThat(settings.clockOffset()).isZero();
		assertThat(settings.seed()).isNull();
	}

	@Test
	void buildRefusesInvalidValuesNamingThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> SimulatorSettings.builder().port(70000).build())
			.withMessageContaining("port");
		assertThatIllegalArgumentException().isThrownBy(() -> SimulatorSettings.builder().accounts(List.of()).build())
			.withMessageContaining("accounts");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SimulatorSettings.builder().accessTokenLifetime(Duration.ZERO).build())
			.withMessageContaining("accessTokenLifetime");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SimulatorSettings.builder().refreshTokenLifetime(Duration.ofSeconds(-1)).build())
			.withMessageContaining("refreshTokenLifetime");
		assertThatIllegalArgumentException().isThrownBy(() -> SimulatorSettings.builder().errorRate(-0.1).build())
			.withMessageContaining("errorRate");
		assertThatIllegalArgumentException().isThrownBy(() -> SimulatorSettings.builder().errorKinds(List.of()).build())
			.withMessageContaining("errorKinds");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SimulatorSettings.builder().latency(Duration.ofMillis(-1)).build())
			.withMessageContaining("latency");
	}

	@Test
	void accountHidesItsPassword() {
		assertThat(new Account("tester@example.com", "s3cret")).hasToString("Account[email=tester@example.com]");
	}

}
