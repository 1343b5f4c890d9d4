package com.marketiger3d.auth.token;

import java.time.Duration;
import java.time.Instant;

import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.test.TestJwts;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds random strings and mutated JWTs to the expiry reader and the timing rules: any
 * token gets an expiry (its own, or the fallback lifetime), never an exception.
 */
class JwtTimesFuzzTests {

	private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

	private final TokenTiming timing = TokenTiming.defaults();

	@Property(tries = 3000)
	void anyStringIsReadWithoutThrowing(@ForAll String token) {
		JwtTimes.read(token);
	}

	@Property(tries = 3000)
	void mutatedJwtsStillGetAnExpiryAndAState(@ForAll("mutatedJwts") String token) {
		TokenPair pair = this.timing.issued(new IssuedTokens(token, "refresh"), NOW);

		assertThat(pair.accessTokenExpiresAt()).isNotNull();
		TokenState state = this.timing.state(new StoredTokenPair(pair, 1));
		assertThat(state.refreshAtMillis).isLessThanOrEqualTo(state.expiredAtMillis);
	}

	@Provide
	Arbitrary<String> mutatedJwts() {
		Arbitrary<String> jwt = Arbitraries.longs()
			.between(1, 10_000_000)
			.map((seconds) -> TestJwts.issued(NOW.minusSeconds(seconds % 1000), Duration.ofSeconds(seconds)));
		Arbitrary<Integer> position = Arbitraries.integers().between(0, 400);
		Arbitrary<String> noise = Arbitraries.of(".", "", "e30", "eyJleHAiOiJzb29uIn0", "=", "*", "..",
				"eyJhbGciOiJub25lIn0");
		return Combinators.combine(jwt, position, noise).as((token, at, insert) -> {
			int cut = Math.min(at, token.length());
			return token.substring(0, cut) + insert + token.substring(cut);
		});
	}

}
