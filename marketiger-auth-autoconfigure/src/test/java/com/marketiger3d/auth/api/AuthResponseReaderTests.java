package com.marketiger3d.auth.api;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link AuthResponseReader}.
 */
class AuthResponseReaderTests {

	private static final List<String> NO_SECRETS = List.of();

	private final AuthResponseReader reader = new AuthResponseReader(JsonMapper.builder().build());

	@Test
	void readsBothTokensOfSuccess() {
		IssuedTokens tokens = this.reader.read(AuthCall.LOGIN, 200,
				"{\"success\":true,\"data\":{\"accessToken\":\"a.b.c\",\"refreshToken\":\"r-1\"}}", null, NO_SECRETS);
		assertThat(tokens).isEqualTo(new IssuedTokens("a.b.c", "r-1"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", ",\"refreshToken\":null", ",\"refreshToken\":\"\"", ",\"refreshToken\":\"  \"" })
	void readsSuccessWithoutUsableRefreshTokenAsAccessTokenOnly(String refreshField) {
		IssuedTokens tokens = this.reader.read(AuthCall.LOGIN, 200,
				"{\"success\":true,\"data\":{\"accessToken\":\"a.b.c\"" + refreshField + "}}", null, NO_SECRETS);
		assertThat(tokens.refreshToken()).isNull();
		assertThat(tokens.accessToken()).isEqualTo("a.b.c");
	}

	@Test
	void readsAnyTwoHundredStatusAsSuccess() {
		IssuedTokens tokens = this.reader.read(AuthCall.REFRESH, 201,
				"{\"success\":true,\"data\":{\"accessToken\":\"a\",\"refreshToken\":\"r\"}}", null, NO_SECRETS);
		assertThat(tokens).isEqualTo(new IssuedTokens("a", "r"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"success\":true,\"data\":{\"accessToken\":\"caf\u00e9\"}}",
			"{\"success\":true,\"data\":{\"accessToken\":\"tab\\there\"}}",
			"{\"success\":true,\"data\":{\"accessToken\":\"del\\u007f\"}}",
			"{\"success\":true,\"data\":{\"accessToken\":\" \"}}",
			"{\"success\":true,\"data\":{\"accessToken\":[\"a\"]}}",
			"{\"success\":true,\"data\":{\"accessToken\":{\"value\":\"a\"}}}",
			"{\"success\":true,\"data\":{\"accessToken\":\"a\",\"refreshToken\":{}}}",
			"{\"success\":true,\"data\":{\"accessToken\":\"a\",\"refreshToken\":true}}",
			"{\"success\":true,\"data\":[]}", "{\"success\":1,\"data\":{\"accessToken\":\"a\"}}",
			"{\"success\":null,\"data\":{\"accessToken\":\"a\"}}", "42", "true" })
	void rejectsUnusableSuccessAsMalformed(String body) {
		Throwable failure = catchThrowable(() -> this.reader.read(AuthCall.LOGIN, 200, body, null, NO_SECRETS));
		assertThat(failure).isExactlyInstanceOf(MalformedAuthResponseException.class)
			.hasMessageStartingWith("Login answered HTTP 200 with a body that");
	}

	@Test
	void describesInvalidJsonByLengthAndParserTypeOnly() {
		String body = "{\"success\":true,\"data\":{\"accessToken\":\"half-a-tok";
		Throwable failure = catchThrowable(() -> this.reader.read(AuthCall.LOGIN, 200, body, null, NO_SECRETS));
		assertThat(failure).isExactlyInstanceOf(MalformedAuthResponseException.class)
			.hasMessageContaining("is not valid JSON (" + body.length() + " characters")
			.hasMessageNotContaining("half-a-tok")
			.hasNoCause();
	}

	@Test
	void reportsSuccessFalseWithOkAsMalformedWithItsErrorType() {
		Throwable failure = catchThrowable(() -> this.reader.read(AuthCall.REFRESH, 200,
				"{\"success\":false,\"error\":{\"type\":4,\"message\":\"No permission\"}}", null, NO_SECRETS));
		assertThat(failure).isExactlyInstanceOf(MalformedAuthResponseException.class)
			.hasMessageContaining("success:false")
			.hasMessageContaining("NO_PERMISSION: No permission");
	}

	@ParameterizedTest
	@ValueSource(ints = { 408, 429, 500, 501, 502, 503, 504, 599 })
	void treatsTimeoutThrottlingAndServerErrorsAsTransient(int status) {
		Throwable failure = catchThrowable(
				() -> this.reader.read(AuthCall.LOGIN, status, "<html>down</html>", null, NO_SECRETS));
		assertThat(failure).isExactlyInstanceOf(TransientAuthFailureException.class)
			.hasMessageContaining("Login answered HTTP " + status)
			.hasMessageNotContaining("html");
		assertThat(((TransientAuthFailureException) failure).getRetryAfter()).isEmpty();
	}

	@Test
	void transientFailureCarriesRetryAfterAndNamesIt() {
		Throwable failure = catchThrowable(
				() -> this.reader.read(AuthCall.REFRESH, 429, "", Duration.ofSeconds(7), NO_SECRETS));
		assertThat(failure).isExactlyInstanceOf(TransientAuthFailureException.class)
			.hasMessageContaining("Retry-After 7s");
		assertThat(((TransientAuthFailureException) failure).getRetryAfter()).contains(Duration.ofSeconds(7));
	}

	@Test
	void transientFailureIgnoresBodyEvenWhenItLooksLikeSuccess() {
		Throwable failure = catchThrowable(() -> this.reader.read(AuthCall.LOGIN, 503,
				"{\"success\":true,\"data\":{\"accessToken\":\"a\"}}", null, NO_SECRETS));
		assertThat(failure).isExactlyInstanceOf(TransientAuthFailureException.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"AUTHENTICATION\"", "\"authentication\"", "\" Authentication \"", "2", "\"2\"" })
	void readsErrorTypeGivenAsNameOrNumber(String type) {
		Throwable failure = catchThrowable(() -> this.reader.read(AuthCall.LOGIN, 400,
				"{\"success\":false,\"error\":{\"type\":" + type + ",\"message\":\"Wrong\"}}", null, NO_SECRETS));
		assertThat(failure).isExactlyInstanceOf(InvalidCredentialsException.class)
			.hasMessageContaining("(HTTP 400, AUTHENTICATION: Wrong)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "99", "\"99\"", "\"TEAPOT\"", "-1", "2.5", "true", "{}", "\"99999999999999999999\"" })
	void namesUnknownErrorTypesWithoutQuotingThem(String type) {
		Throwable failure = catchThrowable(() -> this.reader.read(AuthCall.LOGIN, 400,
				"{\"success\":false,\"error\":{\"type\":" + type + "}}", null, NO_SECRETS));
		assertThat(failure).isExactlyInstanceOf(InvalidCredentialsException.class)
			.hasMessageContaining("unknown error type");
	}

	@Test
	void namesMissingErrorTypeAndMissingErrorObject() {
		assertThat(catchThrowable(() -> this.reader.read(AuthCall.LOGIN, 400,
				"{\"success\":false,\"error\":{\"message\":\"x\"}}", null, NO_SECRETS)))
			.hasMessageContaining("no error type: x");
		assertThat(catchThrowable(() -> this.reader.read(AuthCall.LOGIN, 400, "{\"success\":false}", null, NO_SECRETS)))
			.isExactlyInstanceOf(InvalidCredentialsException.class)
			.hasMessageContaining("no error object");
	}

	@Test
	void loginRejectedWithUnauthorizedIsInvalidCredentialsEvenWithoutEnvelope() {
		assertThat(catchThrowable(() -> this.reader.read(AuthCall.LOGIN, 401, "", null, NO_SECRETS)))
			.isExactlyInstanceOf(InvalidCredentialsException.class)
			.hasMessageContaining("Login rejected the e-mail and password");
	}

	@ParameterizedTest
	@ValueSource(ints = { 404, 405, 409, 415 })
	void refreshAnsweredWithEnvelopeOutsideTheRejectionStatusesKeepsTheRefreshToken(int status) {
		assertThat(catchThrowable(() -> this.reader.read(AuthCall.REFRESH, status,
				"{\"success\":false,\"error\":{\"type\":\"NOT_FOUND\",\"message\":\"no route\"}}", null, NO_SECRETS)))
			.isExactlyInstanceOf(MalformedAuthResponseException.class)
			.hasMessageContaining("HTTP " + status)
			.satisfies((ex) -> assertThat(((MalformedAuthResponseException) ex).isPossiblyProcessed()).isFalse());
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"success\":true", "<html>", "{\"success\":false}", "{\"success\":true}" })
	void refreshAnsweredWithAnUnreadableSuccessIsPossiblyProcessed(String body) {
		assertThat(catchThrowable(() -> this.reader.read(AuthCall.REFRESH, 200, body, null, NO_SECRETS)))
			.isExactlyInstanceOf(MalformedAuthResponseException.class)
			.satisfies((ex) -> assertThat(((MalformedAuthResponseException) ex).isPossiblyProcessed()).isTrue());
	}

	@Test
	void refreshAnsweredWithAGatewayPageIsNotProcessed() {
		assertThat(catchThrowable(() -> this.reader.read(AuthCall.REFRESH, 503, "", null, NO_SECRETS)))
			.isExactlyInstanceOf(TransientAuthFailureException.class)
			.satisfies((ex) -> assertThat(((TransientAuthFailureException) ex).isPossiblyProcessed()).isFalse());
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 403 })
	void refreshRejectedWithEnvelopeIsRefreshTokenRejected(int status) {
		assertThat(catchThrowable(() -> this.reader.read(AuthCall.REFRESH, status,
				"{\"success\":false,\"error\":{\"type\":\"AUTHENTICATION\",\"message\":\"expired\"}}", null,
				NO_SECRETS)))
			.isExactlyInstanceOf(RefreshTokenRejectedException.class)
			.hasMessageContaining("HTTP " + status + ", AUTHENTICATION: expired")
			.hasMessageContaining("Login");
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 403, 404, 409 })
	void refreshAnsweredClientErrorWithoutEnvelopeIsMalformed(int status) {
		assertThat(catchThrowable(
				() -> this.reader.read(AuthCall.REFRESH, status, "<html>proxy</html>", null, NO_SECRETS)))
			.isExactlyInstanceOf(MalformedAuthResponseException.class)
			.hasMessageContaining("marketiger.auth.base-url");
	}

	@ParameterizedTest
	@ValueSource(ints = { 404, 409, 424 })
	void loginAnsweredNotFoundOrConflictIsMalformedEvenWithEnvelope(int status) {
		assertThat(catchThrowable(() -> this.reader.read(AuthCall.LOGIN, status,
				"{\"success\":false,\"error\":{\"type\":0,\"message\":\"not here\"}}", null, NO_SECRETS)))
			.isExactlyInstanceOf(MalformedAuthResponseException.class);
	}

	@ParameterizedTest
	@ValueSource(ints = { 100, 204, 301, 302, 304 })
	void emptyOrUnexpectedStatusIsMalformed(int status) {
		assertThat(catchThrowable(() -> this.reader.read(AuthCall.LOGIN, status, "", null, NO_SECRETS)))
			.isExactlyInstanceOf(MalformedAuthResponseException.class);
	}

	@Test
	void masksEverySecretInQuotedServerMessage() {
		Throwable failure = catchThrowable(() -> this.reader.read(AuthCall.REFRESH, 401,
				"{\"success\":false,\"error\":{\"type\":2,\"message\":\"refresh r-secret for a-secret is gone; "
						+ "r-secret again\"}}",
				null, List.of("a-secret", "r-secret")));
		assertThat(failure).hasMessageContaining("refresh ****** for ****** is gone; ****** again")
			.hasMessageNotContaining("secret");
	}

	@Test
	void ignoresEmptySecret() {
		Throwable failure = catchThrowable(() -> this.reader.read(AuthCall.LOGIN, 400,
				"{\"success\":false,\"error\":{\"type\":2,\"message\":\"Wrong\"}}", null, List.of("")));
		assertThat(failure).hasMessageContaining("AUTHENTICATION: Wrong");
	}

	@Test
	void flattensControlCharactersInQuotedServerMessage() {
		Throwable failure = catchThrowable(() -> this.reader.read(AuthCall.LOGIN, 400,
				"{\"success\":false,\"error\":{\"type\":2,\"message\":\"line one\\r\\nFAKE LOG LINE\\u0007\"}}", null,
				NO_SECRETS));
		assertThat(failure.getMessage()).doesNotContain("\r", "\n", "\u0007")
			.contains("AUTHENTICATION: line one  FAKE LOG LINE)");
	}

	@Test
	void acceptsAccessTokenWithTheFirstAndLastVisibleAsciiCharacters() {
		IssuedTokens tokens = this.reader.read(AuthCall.LOGIN, 200,
				"{\"success\":true,\"data\":{\"accessToken\":\"!a.b.c~\"}}", null, NO_SECRETS);
		assertThat(tokens.accessToken()).isEqualTo("!a.b.c~");
	}

	@Test
	void readsThreeHundredAsAnUnexpectedStatusThatIssuedNothing() {
		Throwable failure = catchThrowable(() -> this.reader.read(AuthCall.LOGIN, 300,
				"{\"success\":true,\"data\":{\"accessToken\":\"a\"}}", null, NO_SECRETS));
		assertThat(failure).isExactlyInstanceOf(MalformedAuthResponseException.class)
			.hasMessage("Login answered unexpected HTTP status 300");
		assertThat(((MalformedAuthResponseException) failure).isPossiblyProcessed()).isFalse();
	}

	@Test
	void readsErrorTypeAsANumberOnlyWhenItHasFewerThanTenDigits() {
		Throwable nineDigits = catchThrowable(() -> this.reader.read(AuthCall.LOGIN, 400,
				"{\"success\":false,\"error\":{\"type\":\"000000002\"}}", null, NO_SECRETS));
		Throwable tenDigits = catchThrowable(() -> this.reader.read(AuthCall.LOGIN, 400,
				"{\"success\":false,\"error\":{\"type\":\"0000000002\"}}", null, NO_SECRETS));
		assertThat(nineDigits).hasMessageContaining("(HTTP 400, AUTHENTICATION)");
		assertThat(tenDigits).hasMessageContaining("(HTTP 400, unknown error type)");
	}

	@Test
	void keepsServerMessageOfTheLongestLengthWhole() {
		String message = "abcd ".repeat(39) + "abcde";
		Throwable failure = catchThrowable(() -> this.reader.read(AuthCall.LOGIN, 400,
				"{\"success\":false,\"error\":{\"type\":2,\"message\":\"" + message + "\"}}", null, NO_SECRETS));
		assertThat(message).hasSize(200);
		assertThat(failure).hasMessageContaining("AUTHENTICATION: " + message + ")");
	}

	@Test
	void truncatesLongServerMessage() {
		String longMessage = "word ".repeat(200);
		Throwable failure = catchThrowable(() -> this.reader.read(AuthCall.LOGIN, 400,
				"{\"success\":false,\"error\":{\"type\":2,\"message\":\"" + longMessage + "\"}}", null, NO_SECRETS));
		assertThat(failure.getMessage()).contains("word ".repeat(40) + "...").doesNotContain("word ".repeat(41));
	}

	@Test
	void masksTokenShapedTextInServerMessage() {
		String echoed = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3MDAwMDAwMDB9.c2lnbmF0dXJl";
		Throwable failure = catchThrowable(() -> this.reader.read(AuthCall.REFRESH, 401,
				"{\"success\":false,\"error\":{\"type\":2,\"message\":\"token " + echoed + " is revoked\"}}", null,
				NO_SECRETS));
		assertThat(failure.getMessage()).contains("token ****** is revoked").doesNotContain(echoed);
	}

	@Test
	void ignoresNonTextServerMessage() {
		Throwable failure = catchThrowable(() -> this.reader.read(AuthCall.LOGIN, 400,
				"{\"success\":false,\"error\":{\"type\":2,\"message\":{\"secret\":\"a\"}}}", null, NO_SECRETS));
		assertThat(failure).hasMessageContaining("(HTTP 400, AUTHENTICATION)");
	}

}
