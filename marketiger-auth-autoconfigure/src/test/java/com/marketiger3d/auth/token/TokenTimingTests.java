package com.marketiger3d.auth.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.test.TestJwts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TokenTimingTests {

	private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

	private final TokenTiming timing = TokenTiming.defaults();

	@Test
	void expiryBeyondWhatMillisecondsHoldIsCapped() {
		String token = unsigned("{\"iat\":-9000000000000000,\"exp\":9000000000000000}");
		TokenPair pair = this.timing.issued(new IssuedTokens(token, "refresh"), NOW);

		TokenState state = this.timing.state(new StoredTokenPair(pair, 1));
		assertThat(state.refreshAtMillis).isLessThanOrEqualTo(state.expiredAtMillis);
		assertThat(state.expiredAtMillis).isGreaterThan(NOW.toEpochMilli());
	}

	@Test
	void configuredExpiryLongBeforeTheEpochIsExpired() {
		TokenPair pair = this.timing.configured(new IssuedTokens(unsigned("{\"exp\":-9200000000000000}"), "refresh"),
				NOW);

		TokenState state = this.timing.state(new StoredTokenPair(pair, 1));
		assertThat(state.expiredAtMillis).isLessThanOrEqualTo(NOW.toEpochMilli());
		assertThat(state.refreshAtMillis).isLessThanOrEqualTo(state.expiredAtMillis);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"iat\":0,\"exp\":9000000000}", "{\"iat\":-9000000000000000,\"exp\":1772352600}",
			"{\"iat\":9000000000000000,\"exp\":1772352600}", "{\"exp\":9000000000000000}",
			"{\"exp\":9223372036854775807}", "{\"iat\":1772352000,\"exp\":9223372036854775807}",
			"{\"iat\":-9223372036854775808,\"exp\":9223372036854775807}", "{\"exp\":1e300}",
			"{\"iat\":-9000000000000000,\"exp\":9000000000000000}" })
	void tokenWithAnAbsurdLifetimeGetsTheDefaultLifetime(String claims) {
		IssuedTokens tokens = tokens(unsigned(claims));

		TokenPair pair = this.timing.issued(tokens, NOW);
		assertThat(pair.accessTokenExpiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
		TokenState state = this.timing.state(new StoredTokenPair(pair, 1));
		assertThat(state.refreshAtMillis).isLessThanOrEqualTo(state.expiredAtMillis);
		TokenPair configured = this.timing.configured(tokens, NOW);
		assertThat(configured.accessTokenExpiresAt()).isBeforeOrEqualTo(NOW.plus(TokenTiming.MAXIMUM_LIFETIME));
		TokenState configuredState = this.timing.state(new StoredTokenPair(configured, 1));
		assertThat(configuredState.refreshAtMillis).isLessThanOrEqualTo(configuredState.expiredAtMillis);
	}

	@Test
	void tokenThatArrivesExpiredGetsTheDefaultLifetime() {
		Instant defaultExpiry = NOW.plus(Duration.ofMinutes(5));

		assertThat(this.timing.issued(tokens(TestJwts.issued(NOW, Duration.ZERO)), NOW).accessTokenExpiresAt())
			.isEqualTo(defaultExpiry);
		assertThat(this.timing.issued(tokens(TestJwts.issued(NOW, Duration.ofMinutes(-5))), NOW).accessTokenExpiresAt())
			.isEqualTo(defaultExpiry);
		assertThat(this.timing.issued(tokens(TestJwts.expiringAt(NOW)), NOW).accessTokenExpiresAt())
			.isEqualTo(defaultExpiry);
		assertThat(this.timing.issued(tokens(TestJwts.expiringAt(NOW.minus(Duration.ofHours(1)))), NOW)
			.accessTokenExpiresAt()).isEqualTo(defaultExpiry);
	}

	@Test
	void pairIsNeitherDueNorExpiredSoonerThanTheMinimumIntervalAfterItWasObtained() {
		Instant earliest = NOW.plus(TokenTiming.MINIMUM_RENEWAL_INTERVAL);
		TokenState nearlyExpired = stateOf(TestJwts.issued(NOW, Duration.ofSeconds(1)));
		TokenState shortLived = stateOf(TestJwts.issued(NOW, Duration.ofSeconds(8)));

		assertThat(Instant.ofEpochMilli(nearlyExpired.refreshAtMillis)).isEqualTo(earliest);
		assertThat(Instant.ofEpochMilli(nearlyExpired.expiredAtMillis)).isEqualTo(earliest);
		assertThat(this.timing.refreshAt(NOW, NOW.plusSeconds(1))).isEqualTo(earliest);
		assertThat(this.timing.expiredAt(NOW, NOW.plusSeconds(1))).isEqualTo(earliest);
		assertThat(Instant.ofEpochMilli(shortLived.refreshAtMillis)).isEqualTo(earliest);
		assertThat(Instant.ofEpochMilli(shortLived.expiredAtMillis)).isEqualTo(NOW.plusSeconds(6));
	}

	private static String unsigned(String claims) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		return base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
	}

	@Test
	void refreshesAheadAndExpiresEarlyByTheConfiguredDurations() {
		TokenState state = stateOf(TestJwts.issued(NOW, Duration.ofHours(1)));

		assertThat(Instant.ofEpochMilli(state.refreshAtMillis)).isEqualTo(NOW.plus(Duration.ofMinutes(59)));
		assertThat(Instant.ofEpochMilli(state.expiredAtMillis)).isEqualTo(NOW.plus(Duration.ofSeconds(3590)));
	}

	@Test
	void shortLivedTokenIsRefreshedAtHalfItsLifetimeAndExpiresAtThreeQuarters() {
		TokenState state = stateOf(TestJwts.issued(NOW, Duration.ofSeconds(20)));

		assertThat(Instant.ofEpochMilli(state.refreshAtMillis)).isEqualTo(NOW.plusSeconds(10));
		assertThat(Instant.ofEpochMilli(state.expiredAtMillis)).isEqualTo(NOW.plusSeconds(15));
	}

	@Test
	void refreshAndExpiryInstantsFollowTheSameCapsAsTheEngine() {
		Instant shortLived = NOW.plusSeconds(20);
		Instant longLived = NOW.plus(Duration.ofHours(1));

		assertThat(this.timing.refreshAt(NOW, shortLived)).isEqualTo(NOW.plusSeconds(10));
		assertThat(this.timing.expiredAt(NOW, shortLived)).isEqualTo(NOW.plusSeconds(15));
		assertThat(this.timing.refreshAt(NOW, longLived)).isEqualTo(longLived.minusSeconds(60));
		assertThat(this.timing.expiredAt(NOW, longLived)).isEqualTo(longLived.minusSeconds(10));
	}

	@Test
	void tokenOfUnknownAgeIsRefreshedAndExpiredByTheConfiguredDurations() {
		Instant expiresAt = NOW.plusSeconds(20);

		assertThat(this.timing.refreshAt(null, expiresAt)).isEqualTo(expiresAt.minusSeconds(60));
		assertThat(this.timing.expiredAt(null, expiresAt)).isEqualTo(expiresAt.minusSeconds(10));
	}

	@Test
	void serverClockAheadOrBehindDoesNotChangeTheLocalExpiry() {
		TokenPair ahead = this.timing
			.issued(tokens(TestJwts.issued(NOW.plus(Duration.ofHours(2)), Duration.ofMinutes(5))), NOW);
		TokenPair behind = this.timing
			.issued(tokens(TestJwts.issued(NOW.minus(Duration.ofHours(2)), Duration.ofMinutes(5))), NOW);

		assertThat(ahead.accessTokenExpiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
		assertThat(behind.accessTokenExpiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
	}

	@Test
	void tokenWithoutIssuedAtExpiresAtItsExp() {
		Instant exp = NOW.plus(Duration.ofMinutes(7));

		assertThat(this.timing.issued(tokens(TestJwts.expiringAt(exp)), NOW).accessTokenExpiresAt()).isEqualTo(exp);
	}

	@Test
	void tokenThatIsNotAJwtGetsTheDefaultLifetime() {
		TokenPair pair = this.timing.issued(tokens("opaque-access-token"), NOW);

		assertThat(pair.accessTokenExpiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
	}

	@Test
	void configuredTokensKeepTheirAbsoluteExpiry() {
		TokenPair pair = this.timing
			.configured(tokens(TestJwts.issued(NOW.minus(Duration.ofHours(1)), Duration.ofHours(2))), NOW);

		assertThat(pair.accessTokenExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
	}

	@Test
	void refreshTokenLivesTheConfiguredLifetimeMinusTheSkew() {
		TokenState state = stateOf(TestJwts.issued(NOW, Duration.ofHours(1)));

		assertThat(state.canRefresh(NOW.plus(Duration.ofHours(12)).minusSeconds(10).toEpochMilli() - 1)).isTrue();
		assertThat(state.canRefresh(NOW.plus(Duration.ofHours(12)).minusSeconds(10).toEpochMilli())).isFalse();
		assertThat(this.timing.state(new StoredTokenPair(state.pair().withoutRefreshToken(), 1)).canRefresh(0))
			.isFalse();
	}

	@Test
	void stateIsExpiredFromItsExpiredInstantOn() {
		TokenState state = stateOf(TestJwts.issued(NOW, Duration.ofHours(1)));

		assertThat(state.isExpired(state.expiredAtMillis - 1)).isFalse();
		assertThat(state.isExpired(state.expiredAtMillis)).isTrue();
	}

	@Test
	void pairShowsFingerprintsNeverTokens() {
		TokenPair pair = this.timing.issued(new IssuedTokens("access-secret-value", "refresh-secret-value"), NOW);

		assertThat(pair.accessTokenFingerprint()).hasSize(8).isNotEqualTo(pair.refreshTokenFingerprint());
		assertThat(pair.toString()).contains(pair.accessTokenFingerprint(), pair.refreshTokenFingerprint())
			.doesNotContain("secret");
		assertThat(this.timing.state(new StoredTokenPair(pair, 3)).toString()).doesNotContain("secret")
			.contains("version=3");
	}

	private TokenState stateOf(String accessToken) {
		return this.timing.state(new StoredTokenPair(this.timing.issued(tokens(accessToken), NOW), 1));
	}

	private static IssuedTokens tokens(String accessToken) {
		return new IssuedTokens(accessToken, "refresh");
	}

	@Test
	void lifetimeOfExactlyTheMaximumIsTrusted() {
		Instant expiry = NOW.plus(TokenTiming.MAXIMUM_LIFETIME);

		assertThat(this.timing.issued(tokens(TestJwts.issued(NOW, TokenTiming.MAXIMUM_LIFETIME)), NOW)
			.accessTokenExpiresAt()).isEqualTo(expiry);
		assertThat(this.timing.configured(tokens(TestJwts.expiringAt(expiry)), NOW).accessTokenExpiresAt())
			.isEqualTo(expiry);
	}

}
