package com.marketiger3d.auth.token;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.marketiger3d.auth.api.IssuedTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the expiry reader and the timing rules: any token gets an
 * expiry (its own, or the fallback lifetime) after the instant it arrived and at most a
 * year later, and a state that is neither due nor expired before the minimum interval and
 * whose refresh instant is not after its expired instant, never an exception.
 */
class JwtTimesFuzzTests {

	private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

	private static final String UNSIGNED_HEADER = Base64.getUrlEncoder()
		.withoutPadding()
		.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));

	private final TokenTiming timing = TokenTiming.defaults();

	/**
	 * The whole input is the token, as the API would send it.
	 */
	@FuzzTest(maxDuration = "3m")
	void anyTokenGetsAnExpiryAndAState(FuzzedDataProvider data) {
		assertTimed(data.consumeRemainingAsString());
	}

	/**
	 * The whole input is the JSON of the claims, wrapped in an unsigned JWT: the fuzzer
	 * reaches the claim types and values without first finding the Base64 framing.
	 */
	@FuzzTest(maxDuration = "3m")
	void anyClaimsGetAnExpiryAndAState(FuzzedDataProvider data) {
		byte[] claims = data.consumeRemainingAsString().getBytes(StandardCharsets.UTF_8);
		assertTimed(UNSIGNED_HEADER + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims) + ".");
	}

	private void assertTimed(String token) {
		JwtTimes.read(token);
		TokenPair pair = this.timing.issued(new IssuedTokens(token, "refresh"), NOW);
		assertThat(pair.accessTokenExpiresAt()).isAfter(NOW).isBeforeOrEqualTo(NOW.plus(TokenTiming.MAXIMUM_LIFETIME));
		TokenState state = this.timing.state(new StoredTokenPair(pair, 1));
		assertThat(state.refreshAtMillis).isLessThanOrEqualTo(state.expiredAtMillis)
			.isGreaterThanOrEqualTo(NOW.plus(TokenTiming.MINIMUM_RENEWAL_INTERVAL).toEpochMilli());
		assertThat(this.timing.refreshAt(pair.obtainedAt(), pair.accessTokenExpiresAt()))
			.isBeforeOrEqualTo(this.timing.expiredAt(pair.obtainedAt(), pair.accessTokenExpiresAt()));
	}

}
