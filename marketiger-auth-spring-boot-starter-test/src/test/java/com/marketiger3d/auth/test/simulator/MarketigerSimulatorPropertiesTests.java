package com.marketiger3d.auth.test.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.marketiger3d.simulator.Account;
import com.marketiger3d.simulator.SimulatorSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link MarketigerSimulatorProperties}.
 */
class MarketigerSimulatorPropertiesTests {

	private final MarketigerSimulatorProperties properties = new MarketigerSimulatorProperties();

	@Test
	void defaultsAreTheSimulatorsDefaults() {
		SimulatorSettings settings = this.properties.toSettings(Clock.systemUTC());
		SimulatorSettings defaults = SimulatorSettings.defaults();
		assertThat(settings.accounts()).containsExactly(SimulatorSettings.DEMO_ACCOUNT);
		assertThat(settings.accessTokenLifetime()).isEqualTo(defaults.accessTokenLifetime());
		assertThat(settings.refreshTokenLifetime()).isEqualTo(defaults.refreshTokenLifetime());
		assertThat(settings.errorKinds()).isEqualTo(defaults.errorKinds());
		assertThat(this.properties.isServiceAccount()).isTrue();
	}

	@Test
	void accountsAreEmailColonPasswordWithColonsAllowedInThePassword() {
		this.properties.setAccounts(List.of("buyer@example.test:pa:ss", " seller@example.test :x"));
		assertThat(this.properties.toSettings(Clock.systemUTC()).accounts())
			.containsExactly(new Account("buyer@example.test", "pa:ss"), new Account("seller@example.test", "x"));
	}

	@Test
	void accountWithoutPasswordIsRefusedWithoutQuotingIt() {
		this.properties.setAccounts(List.of("buyer@example.test:secret-1", "no-colon-secret"));
		assertThatIllegalStateException().isThrownBy(() -> this.properties.toSettings(Clock.systemUTC()))
			.withMessage("marketiger.test.simulator.accounts[1] must be email:password");
	}

	@Test
	void invalidSettingIsRefusedNamingIt() {
		this.properties.setAccessTokenLifetime(Duration.ZERO);
		assertThatIllegalStateException().isThrownBy(() -> this.properties.toSettings(Clock.systemUTC()))
			.withMessageContaining("marketiger.test.simulator")
			.withMessageContaining("accessTokenLifetime must be positive");
	}

}
