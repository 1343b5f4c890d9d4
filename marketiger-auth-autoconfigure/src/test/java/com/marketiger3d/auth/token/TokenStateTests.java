package com.marketiger3d.auth.token;

import java.time.Duration;
import java.time.Instant;

import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.TokenFingerprint;
import com.marketiger3d.auth.test.TestJwts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenStateTests {

	private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

	private final TokenTiming timing = TokenTiming.defaults();

	@Test
	void statusOfASessionWithoutTokensIsAbsent() {
		TokenStatus status = TokenState.status("alice", null, NOW.toEpochMilli());

		assertThat(status.sessionKey()).isEqualTo("alice");
		assertThat(status.freshness()).isEqualTo(TokenFreshness.ABSENT);
		assertThat(status.checkedAt()).isEqualTo(NOW);
		assertThat(status.accessTokenFingerprint()).isNull();
		assertThat(status.accessTokenExpiresAt()).isNull();
		assertThat(status.refreshTokenExpiresAt()).isNull();
	}

	@Test
	void statusIsFreshUntilTheRefreshInstantStaleFromItAndExpiredFromTheExpiredInstant() {
		TokenState state = stateOf(new IssuedTokens(TestJwts.issued(NOW, Duration.ofHours(1)), "refresh-secret"));

		assertThat(TokenState.status("alice", state, state.refreshAtMillis - 1).freshness())
			.isEqualTo(TokenFreshness.FRESH);
		assertThat(TokenState.status("alice", state, state.refreshAtMillis).freshness())
			.isEqualTo(TokenFreshness.STALE);
		assertThat(TokenState.status("alice", state, state.expiredAtMillis - 1).freshness())
			.isEqualTo(TokenFreshness.STALE);
		assertThat(TokenState.status("alice", state, state.expiredAtMillis).freshness())
			.isEqualTo(TokenFreshness.EXPIRED);
	}

	@Test
	void statusGivesTheFingerprintAndExpiriesOfThePairNeverItsTokens() {
		String accessToken = TestJwts.issued(NOW, Duration.ofHours(1));
		TokenState state = stateOf(new IssuedTokens(accessToken, "refresh-secret"));

		TokenStatus status = TokenState.status("alice", state, NOW.toEpochMilli());
		assertThat(status.sessionKey()).isEqualTo("alice");
		assertThat(status.checkedAt()).isEqualTo(NOW);
		assertThat(status.accessTokenFingerprint()).isEqualTo(TokenFingerprint.of(accessToken));
		assertThat(status.accessTokenExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
		assertThat(status.refreshTokenExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(12)));
		assertThat(status.toString()).doesNotContain(accessToken, "refresh-secret");
	}

	@Test
	void refreshTokenFingerprintIsTheTokensAndNoneWithoutOne() {
		TokenPair pair = this.timing.issued(new IssuedTokens("access-secret-value", "refresh-secret-value"), NOW);

		assertThat(pair.refreshTokenFingerprint()).hasSize(8).isEqualTo(TokenFingerprint.of("refresh-secret-value"));
		assertThat(pair.withoutRefreshToken().refreshTokenFingerprint()).isEqualTo("none");
		assertThat(pair.toString()).contains("refreshToken=" + pair.refreshTokenFingerprint());
	}

	private TokenState stateOf(IssuedTokens tokens) {
		return this.timing.state(new StoredTokenPair(this.timing.issued(tokens, NOW), 1));
	}

}
