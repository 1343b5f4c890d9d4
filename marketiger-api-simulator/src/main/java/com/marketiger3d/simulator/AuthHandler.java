package com.marketiger3d.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Answers {@code POST /Auth/Login} and {@code POST /Auth/RefreshToken}, the two endpoints
 * {@link Faults} apply to.
 */
final class AuthHandler {

	static final String WRONG_CREDENTIALS = "Username or Password are incorrect.";

	static final String REFRESH_REJECTED = "Invalid or expired refresh token";

	private static final String SERVICE_UNAVAILABLE_PAGE = """
			<html>
			<head><title>503 Service Temporarily Unavailable</title></head>
			<body>
			<center><h1>503 Service Temporarily Unavailable</h1></center>
			</body>
			</html>
			""";

	private final List<Account> accounts;

	private final Sessions sessions;

	private final Faults faults;

	private final SimulatorCounters counters;

	private final Envelope envelope;

	AuthHandler(List<Account> accounts, Sessions sessions, Faults faults, SimulatorCounters counters,
			Envelope envelope) {
		this.accounts = accounts;
		this.sessions = sessions;
		this.faults = faults;
		this.counters = counters;
		this.envelope = envelope;
	}

	Mono<ServerResponse> login(ServerRequest request) {
		return answer(request, true, this::login);
	}

	Mono<ServerResponse> refresh(ServerRequest request) {
		return answer(request, false, this::refresh);
	}

	/**
	 * Bodies are read as bytes: Spring's string decoder logs what it decodes at DEBUG,
	 * and these bodies hold passwords and tokens.
	 */
	private Mono<ServerResponse> answer(ServerRequest request, boolean login, Function<String, Reply> call) {
		Duration latency = this.faults.latency();
		Mono<String> body = request.bodyToMono(byte[].class)
			.map((bytes) -> new String(bytes, StandardCharsets.UTF_8))
			.defaultIfEmpty("");
		if (!latency.isZero()) {
			body = body.delayElement(latency);
		}
		return body.flatMap((content) -> {
			FaultKind fault = this.faults.nextAuthFault(login);
			if (fault == FaultKind.DROPPED_AFTER_PROCESSING) {
				this.counters.faultInjected();
				process(request, content, call);
				return drop(request);
			}
			return answer(request, content, fault, call).toServerResponse();
		});
	}

	/**
	 * Close the connection the request came on without writing a byte of the answer.
	 */
	private static Mono<ServerResponse> drop(ServerRequest request) {
		Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request.exchange().getRequest());
		if (nativeRequest instanceof Connection connection) {
			connection.channel().close();
			return Mono.never();
		}
		return Mono.error(new IllegalStateException("Cannot drop a connection that is not Reactor Netty's"));
	}

	private Reply answer(ServerRequest request, String body, @Nullable FaultKind fault, Function<String, Reply> call) {
		if (fault == null) {
			return process(request, body, call);
		}
		this.counters.faultInjected();
		return switch (fault) {
			case SERVICE_UNAVAILABLE ->
				new Reply(HttpStatus.SERVICE_UNAVAILABLE, MediaType.TEXT_HTML, SERVICE_UNAVAILABLE_PAGE);
			case TOO_MANY_REQUESTS ->
				this.envelope.error(HttpStatus.TOO_MANY_REQUESTS, ErrorType.OPERATION_FAILED, "Too many requests.")
					.withHeader(HttpHeaders.RETRY_AFTER, "1");
			case TRUNCATED_JSON -> process(request, body, call).truncated();
			case DROPPED_AFTER_PROCESSING -> throw new IllegalStateException("Dropped before an answer");
		};
	}

	private Reply process(ServerRequest request, String body, Function<String, Reply> call) {
		return isJson(request) ? call.apply(body) : badRequest("Content-Type must be application/json.");
	}

	private Reply login(String body) {
		JsonNode json = this.envelope.readObject(body);
		String email = (json != null) ? Envelope.text(json, "email") : null;
		String password = (json != null) ? Envelope.text(json, "password") : null;
		if (email == null || password == null) {
			return badRequest("email and password are required.");
		}
		Account account = find(email, password);
		if (account == null) {
			this.counters.loginFailed();
			return this.envelope.error(HttpStatus.BAD_REQUEST, ErrorType.AUTHENTICATION, WRONG_CREDENTIALS);
		}
		TokenPair pair = this.sessions.open(account.email());
		this.counters.loginSucceeded();
		return this.envelope.success(data(pair));
	}

	private Reply refresh(String body) {
		JsonNode json = this.envelope.readObject(body);
		String accessToken = (json != null) ? Envelope.text(json, "accessToken") : null;
		String refreshToken = (json != null) ? Envelope.text(json, "refreshToken") : null;
		if (accessToken == null || refreshToken == null) {
			return badRequest("accessToken and refreshToken are required.");
		}
		try {
			TokenPair pair = this.sessions.refresh(accessToken, refreshToken);
			this.counters.refreshSucceeded();
			return this.envelope.success(data(pair));
		}
		catch (RefreshRejectedException ex) {
			this.counters.refreshRejected(ex.reason());
			return this.envelope.error(HttpStatus.UNAUTHORIZED, ErrorType.AUTHENTICATION, REFRESH_REJECTED);
		}
	}

	private Reply badRequest(String message) {
		this.counters.badRequestAnswered();
		return this.envelope.error(HttpStatus.BAD_REQUEST, ErrorType.INCORRECT_PARAMETERS, message);
	}

	private @Nullable Account find(String email, String password) {
		for (Account account : this.accounts) {
			if (account.email().equalsIgnoreCase(email)
					&& MessageDigest.isEqual(bytes(account.password()), bytes(password))) {
				return account;
			}
		}
		return null;
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static boolean isJson(ServerRequest request) {
		return request.headers()
			.contentType()
			.map((type) -> MediaType.APPLICATION_JSON.isCompatibleWith(type))
			.orElse(false);
	}

	private static Map<String, Object> data(TokenPair pair) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("accessToken", pair.accessToken().value());
		data.put("refreshToken", pair.refreshToken());
		return data;
	}

}
