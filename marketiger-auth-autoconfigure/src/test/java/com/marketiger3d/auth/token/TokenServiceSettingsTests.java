package com.marketiger3d.auth.token;

import java.net.URI;
import java.time.Duration;

import com.marketiger3d.auth.api.MarketigerAuthClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenServiceSettingsTests {

	@Test
	void settingsNameTheirStoreCoordinatorTimingAndRetryPolicy() {
		InMemoryTokenStore store = new InMemoryTokenStore();
		RetryPolicy retryPolicy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1));
		TokenServiceSettings settings = TokenRefreshService
			.builder(MarketigerAuthClient.builder(URI.create("http://localhost:1/v2")).build(), store)
			.retryPolicy(retryPolicy)
			.settings();

		assertThat(settings.toString()).startsWith("TokenServiceSettings[")
			.contains("store=InMemoryTokenStore[sessions=0]", "coordinator=RefreshCoordinator[in-process]",
					"timing=" + TokenTiming.defaults(), "retryPolicy=" + retryPolicy);
	}

	@Test
	void inMemoryStoreCountsItsSessions() {
		InMemoryTokenStore store = new InMemoryTokenStore();
		TokenPair pair = TokenTiming.defaults()
			.issued(new com.marketiger3d.auth.api.IssuedTokens("access-secret", "refresh-secret"),
					java.time.Instant.parse("2026-03-01T08:00:00Z"));
		store.replace("alice", 0, pair).block(Duration.ofSeconds(5));
		store.replace("bob", 0, pair).block(Duration.ofSeconds(5));

		assertThat(store).hasToString("InMemoryTokenStore[sessions=2]");
	}

}
