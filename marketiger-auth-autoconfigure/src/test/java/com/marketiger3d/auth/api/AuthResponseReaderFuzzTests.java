package com.marketiger3d.auth.api;

import java.time.Duration;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the envelope parser: whatever status and body an answer has,
 * the only outcomes allowed are tokens fit for a header, or one of our typed exceptions
 * whose message never quotes a secret of the request.
 * <p>
 * The last byte of an input picks the call, the two before it the status; the rest is the
 * body. See docs/quality.md for how to fuzz it and where its seeds live.
 */
class AuthResponseReaderFuzzTests {

	private final AuthResponseReader reader = new AuthResponseReader(JsonMapper.builder().build());

	@FuzzTest(maxDuration = "3m")
	void answerGivesTokensOrTypedFailure(FuzzedDataProvider data) {
		AuthCall call = data.pickValue(AuthCall.values());
		int status = data.consumeInt(100, 599);
		String body = data.consumeRemainingAsString();
		IssuedTokens tokens;
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

}
