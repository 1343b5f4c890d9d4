package com.marketiger3d.auth.api;

import java.time.Duration;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds random and mutated answers to the envelope parser: the only outcomes allowed are
 * tokens fit for a header, or one of our typed exceptions.
 */
class AuthResponseReaderFuzzTests {

	private static final List<String> SEEDS = List.of(
			"{\"success\":true,\"data\":{\"accessToken\":\"eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3MDAwMDAwMDB9.c2ln\","
					+ "\"refreshToken\":\"r-1\"}}",
			"{\"success\":false,\"error\":{\"type\":\"AUTHENTICATION\",\"message\":\"Invalid or expired refresh token\"}}",
			"{\"success\":false,\"error\":{\"type\":2,\"message\":\"Username or Password are incorrect.\"}}",
			"<html><body><h1>503 Service Unavailable</h1></body></html>", "");

	private final AuthResponseReader reader = new AuthResponseReader(JsonMapper.builder().build());

	@Property(tries = 3000)
	void randomBodiesGiveTokensOrTypedFailures(@ForAll AuthCall call,
			@ForAll @IntRange(min = 100, max = 599) int status, @ForAll String body) {
		assertOnlyAllowedOutcomes(call, status, body);
	}

	@Property(tries = 5000)
	void mutatedEnvelopesGiveTokensOrTypedFailures(@ForAll AuthCall call, @ForAll("statuses") int status,
			@ForAll("mutatedEnvelopes") String body) {
		assertOnlyAllowedOutcomes(call, status, body);
	}

	@Provide
	Arbitrary<Integer> statuses() {
		return Arbitraries.of(200, 201, 204, 301, 400, 401, 403, 404, 408, 409, 429, 500, 502, 503, 504);
	}

	@Provide
	Arbitrary<String> mutatedEnvelopes() {
		Arbitrary<String> seed = Arbitraries.of(SEEDS);
		Arbitrary<Integer> position = Arbitraries.integers().between(0, 200);
		Arbitrary<String> noise = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(8),
				Arbitraries.of("{", "}", "[", "]", "\"", ",", ":", "null", "true", "1e999", "\\u0000", "\n", "{\"a\":",
						"\"accessToken\":{}", "\"refreshToken\":7", "-", "\uD83D"));
		Arbitrary<Mutation> mutation = Arbitraries.of(Mutation.values());
		return Combinators.combine(seed, position, noise, mutation).as(Mutation::apply);
	}

	private void assertOnlyAllowedOutcomes(AuthCall call, int status, String body) {
		IssuedTokens tokens = null;
		try {
			tokens = this.reader.read(call, status, body, retryAfter(status), List.of("s3cret"));
		}
		catch (MarketigerAuthException ex) {
			assertThat(ex).isInstanceOfAny(InvalidCredentialsException.class, RefreshTokenRejectedException.class,
					TransientAuthFailureException.class, MalformedAuthResponseException.class);
			assertThat(ex.getMessage()).isNotBlank().doesNotContain("s3cret");
			return;
		}
		assertThat(status).isBetween(200, 299);
		assertThat(tokens.accessToken()).isNotBlank().matches("[\\x21-\\x7E]+");
		if (tokens.refreshToken() != null) {
			assertThat(tokens.refreshToken()).isNotBlank();
		}
	}

	private static @Nullable Duration retryAfter(int status) {
		return (status == 429) ? Duration.ofSeconds(3) : null;
	}

	enum Mutation {

		TRUNCATE, INSERT, DELETE, REPLACE;

		static String apply(String seed, int position, String noise, Mutation mutation) {
			int at = Math.min(position, seed.length());
			return switch (mutation) {
				case TRUNCATE -> seed.substring(0, at);
				case INSERT -> seed.substring(0, at) + noise + seed.substring(at);
				case DELETE -> seed.substring(0, at) + seed.substring(Math.min(seed.length(), at + noise.length() + 1));
				case REPLACE ->
					seed.substring(0, at) + noise + seed.substring(Math.min(seed.length(), at + noise.length()));
			};
		}

	}

}
