package com.marketiger3d.auth.api;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one answer of Login or RefreshToken into {@link IssuedTokens} or into the typed
 * exception its status and envelope call for. Pure: no IO, so every odd answer can be
 * tested on its own. Never puts the body in a message: a garbled body may still hold a
 * token.
 */
final class AuthResponseReader {

	private static final int MAX_SERVER_MESSAGE = 200;

	private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9._~+/=-]{20,}");

	private final JsonMapper json;

	AuthResponseReader(JsonMapper json) {
		this.json = json;
	}

	/**
	 * Read an answer.
	 * @param call which call was answered
	 * @param status the HTTP status
	 * @param body the body as text, empty when there was none
	 * @param retryAfter the parsed {@code Retry-After} header, if any
	 * @param secrets the values the request carried, removed from any server message
	 * quoted
	 * @return the tokens of a successful answer
	 * @throws MarketigerAuthException the typed failure for any other answer
	 */
	IssuedTokens read(AuthCall call, int status, String body, @Nullable Duration retryAfter, List<String> secrets) {
		if (isTransientStatus(status)) {
			String hint = (retryAfter != null) ? " (Retry-After " + retryAfter.toSeconds() + "s)" : "";
			throw new TransientAuthFailureException(
					call + " answered HTTP " + status + hint + "; the call will be retried with backoff", retryAfter);
		}
		if (isSuccessStatus(status)) {
			return readSuccess(call, status, body, secrets);
		}
		if (status >= 400) {
			throw rejection(call, status, body, secrets);
		}
		throw new MalformedAuthResponseException(call + " answered unexpected HTTP status " + status);
	}

	static boolean isTransientStatus(int status) {
		return status == 408 || status == 429 || status >= 500;
	}

	private IssuedTokens readSuccess(AuthCall call, int status, String body, List<String> secrets) {
		JsonNode root = parseObject(call, status, body);
		JsonNode success = root.get("success");
		if (success == null || !success.isBoolean()) {
			throw malformed(call, status, "has no boolean 'success' field");
		}
		if (!success.booleanValue()) {
			Failure failure = Failure.of(root, secrets);
			throw malformed(call, status, "reports success:false" + failure.describe());
		}
		JsonNode data = root.get("data");
		if (data == null || !data.isObject()) {
			throw malformed(call, status, "has no 'data' object");
		}
		String accessToken = text(data, "accessToken");
		if (accessToken == null || accessToken.isBlank()) {
			throw malformed(call, status, "has no 'data.accessToken' string");
		}
		if (!isHeaderSafe(accessToken)) {
			throw malformed(call, status, "has a 'data.accessToken' that is not a valid bearer token");
		}
		JsonNode refreshNode = data.get("refreshToken");
		if (refreshNode != null && !refreshNode.isNull() && !refreshNode.isString()) {
			throw malformed(call, status, "has a 'data.refreshToken' that is not a string");
		}
		String refreshToken = text(data, "refreshToken");
		return new IssuedTokens(accessToken, (refreshToken == null || refreshToken.isBlank()) ? null : refreshToken);
	}

	private MarketigerAuthException rejection(AuthCall call, int status, String body, List<String> secrets) {
		Failure failure = readFailure(body, secrets);
		// One rule for both calls: a 401, or the API's failure envelope with 400 to 403.
		// Anything else (a 404 or 415 from a proxy in front of it) says nothing about the
		// refresh token, which stays usable.
		boolean rejected = status == 401 || (failure != null && status < 404);
		if (call == AuthCall.REFRESH && rejected) {
			return new RefreshTokenRejectedException("RefreshToken rejected the refresh token (HTTP " + status
					+ describe(failure) + "); it will not be sent again and a new Login is needed");
		}
		if (call == AuthCall.LOGIN && rejected) {
			return new InvalidCredentialsException(
					"Login rejected the e-mail and password (HTTP " + status + describe(failure) + ")");
		}
		return malformed(call, status,
				"is not the API's failure envelope; check that marketiger.auth.base-url points at the API");
	}

	private @Nullable Failure readFailure(String body, List<String> secrets) {
		try {
			JsonNode root = this.json.readTree(body);
			if (root == null || !root.isObject()) {
				return null;
			}
			JsonNode success = root.get("success");
			if (success == null || !success.isBoolean() || success.booleanValue()) {
				return null;
			}
			return Failure.of(root, secrets);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private JsonNode parseObject(AuthCall call, int status, String body) {
		try {
			JsonNode root = this.json.readTree(body);
			if (root == null || !root.isObject()) {
				throw malformed(call, status, "is not a JSON object");
			}
			return root;
		}
		catch (JacksonException ex) {
			// The parser's message may quote the body, so only its type is kept.
			throw malformed(call, status,
					"is not valid JSON (" + body.length() + " characters, " + ex.getClass().getSimpleName() + ")");
		}
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	private static boolean isHeaderSafe(String token) {
		for (int i = 0; i < token.length(); i++) {
			char c = token.charAt(i);
			if (c < 0x21 || c > 0x7E) {
				return false;
			}
		}
		return true;
	}

	private static String describe(@Nullable Failure failure) {
		return (failure != null) ? failure.describe() : "";
	}

	private static MalformedAuthResponseException malformed(AuthCall call, int status, String what) {
		// A success status means the server may have issued tokens that cannot be read.
		return new MalformedAuthResponseException(call + " answered HTTP " + status + " with a body that " + what,
				isSuccessStatus(status));
	}

	static boolean isSuccessStatus(int status) {
		return status >= 200 && status < 300;
	}

	/** The error part of a failure envelope, with its message cleaned for quoting. */
	private record Failure(String type, String message) {

		static Failure of(JsonNode root, List<String> secrets) {
			JsonNode error = root.get("error");
			if (error == null || !error.isObject()) {
				return new Failure("no error object", "");
			}
			return new Failure(type(error.get("type")), message(error.get("message"), secrets));
		}

		private static String type(@Nullable JsonNode type) {
			if (type == null || type.isNull()) {
				return "no error type";
			}
			if (type.isIntegralNumber() && type.canConvertToLong()) {
				return ApiErrorType.fromValue(type.longValue()).map(Enum::name).orElse("unknown error type");
			}
			if (type.isString()) {
				String value = type.stringValue().trim();
				if (!value.isEmpty() && value.length() < 10 && value.chars().allMatch(Character::isDigit)) {
					return ApiErrorType.fromValue(Long.parseLong(value)).map(Enum::name).orElse("unknown error type");
				}
				return ApiErrorType.fromName(value).map(Enum::name).orElse("unknown error type");
			}
			return "unknown error type";
		}

		private static String message(@Nullable JsonNode message, List<String> secrets) {
			if (message == null || !message.isString()) {
				return "";
			}
			String text = message.stringValue();
			for (String secret : secrets) {
				if (!secret.isEmpty()) {
					text = text.replace(secret, "******");
				}
			}
			// A server may echo any token it saw, not only this request's:
			// anything shaped like a token is masked too.
			text = TOKEN_LIKE.matcher(text).replaceAll("******");
			text = text.replaceAll("\\p{Cntrl}", " ").strip();
			return (text.length() > MAX_SERVER_MESSAGE) ? text.substring(0, MAX_SERVER_MESSAGE) + "..." : text;
		}

		String describe() {
			return ", " + this.type + (this.message.isEmpty() ? "" : ": " + this.message);
		}

	}

}
