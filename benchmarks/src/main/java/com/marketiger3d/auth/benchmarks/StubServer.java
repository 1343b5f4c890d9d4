package com.marketiger3d.auth.benchmarks;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

/**
 * A local stand-in for the API on 127.0.0.1 and a free port, with no network beyond
 * loopback:
 * <ul>
 * <li>{@code POST /v2/Auth/RefreshToken}: the API's RefreshToken, answering a new JWT
 * pair in the API's envelope after {@code refreshLatency};</li>
 * <li>{@code POST /v2/Auth/Login}: the API's Login, likewise, for any credentials;</li>
 * <li>{@code POST /oauth2/token}: the same as a standard OAuth2 token endpoint
 * ({@code grant_type=refresh_token}), for Spring Security;</li>
 * <li>{@code GET /v2/Project/GetProjects}: a small JSON body for the bearer set with
 * {@link #acceptBearer(String)}, 401 for anything else.</li>
 * </ul>
 * A refresh answer can be held back until a storm's callers have all arrived. Both token
 * endpoints count their calls and how many of them sent a refresh token that an earlier
 * call had already spent. They answer such replays anyway (a strict server would reject
 * them and may revoke the session), so that the count shows how many requests a storm
 * puts on the endpoint.
 */
final class StubServer implements AutoCloseable {

	static final String API_PATH = "/v2/Project/GetProjects";

	static final String REFRESH_PATH = "/v2/Auth/RefreshToken";

	static final String LOGIN_PATH = "/v2/Auth/Login";

	static final String TOKEN_PATH = "/oauth2/token";

	private static final String PROJECTS = "{\"success\":true,\"data\":[{\"id\":1,\"name\":\"Tiger\"}]}";

	static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);

	private final JsonMapper json = JsonMapper.builder().build();

	private final Duration refreshLatency;

	private final AtomicInteger refreshCalls = new AtomicInteger();

	private final AtomicInteger replayedRefreshTokens = new AtomicInteger();

	private final Set<String> spentRefreshTokens = ConcurrentHashMap.newKeySet();

	private volatile String acceptedAuthorization = "";

	private volatile Mono<Void> refreshGate = Mono.empty();

	private final DisposableServer server;

	/**
	 * Issues the tokens' times, so that a benchmark that moves its clock gets live ones.
	 */
	private final Clock clock;

	StubServer(Duration refreshLatency) {
		this(refreshLatency, Clock.systemUTC());
	}

	StubServer(Duration refreshLatency, Clock clock) {
		this.refreshLatency = refreshLatency;
		this.clock = clock;
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.get(API_PATH, this::projects)
				.post(REFRESH_PATH, this::marketigerRefresh)
				.post(LOGIN_PATH, this::marketigerLogin)
				.post(TOKEN_PATH, this::oauth2Refresh))
			.bindNow();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.port() + "/v2";
	}

	String tokenUri() {
		return "http://127.0.0.1:" + this.server.port() + TOKEN_PATH;
	}

	void acceptBearer(String accessToken) {
		this.acceptedAuthorization = "Bearer " + accessToken;
	}

	/**
	 * Hold every refresh answer, beyond its latency, until {@code gate} completes: a
	 * storm opens it once all its callers have arrived, so that none of them finds a new
	 * token already in place.
	 */
	void holdRefreshAnswersUntil(Mono<Void> gate) {
		this.refreshGate = gate;
	}

	int refreshCalls() {
		return this.refreshCalls.get();
	}

	int replayedRefreshTokens() {
		return this.replayedRefreshTokens.get();
	}

	void resetCounts() {
		this.refreshCalls.set(0);
		this.replayedRefreshTokens.set(0);
	}

	private Mono<Void> projects(HttpServerRequest request, HttpServerResponse response) {
		if (!this.acceptedAuthorization.equals(request.requestHeaders().get(HttpHeaders.AUTHORIZATION))) {
			return response.status(401).send();
		}
		return response.header(HttpHeaders.CONTENT_TYPE, "application/json").sendString(Mono.just(PROJECTS)).then();
	}

	private Mono<Void> marketigerRefresh(HttpServerRequest request, HttpServerResponse response) {
		return request.receive().aggregate().asString().flatMap((body) -> {
			JsonNode refresh = this.json.readTree(body);
			spend(refresh.path("refreshToken").asString());
			String answer = "{\"success\":true,\"data\":{\"accessToken\":\"" + newAccessToken(this.clock)
					+ "\",\"refreshToken\":\"" + Jwts.refreshToken() + "\"}}";
			return respond(response, answer);
		});
	}

	private Mono<Void> marketigerLogin(HttpServerRequest request, HttpServerResponse response) {
		return request.receive().aggregate().asString().flatMap((body) -> {
			String answer = "{\"success\":true,\"data\":{\"accessToken\":\"" + newAccessToken(this.clock)
					+ "\",\"refreshToken\":\"" + Jwts.refreshToken() + "\"}}";
			return respond(response, answer);
		});
	}

	private Mono<Void> oauth2Refresh(HttpServerRequest request, HttpServerResponse response) {
		return request.receive().aggregate().asString().flatMap((body) -> {
			spend(formParameter(body, "refresh_token"));
			String answer = "{\"access_token\":\"" + newAccessToken(this.clock)
					+ "\",\"token_type\":\"Bearer\",\"expires_in\":" + ACCESS_TOKEN_LIFETIME.toSeconds()
					+ ",\"refresh_token\":\"" + Jwts.refreshToken() + "\"}";
			return respond(response, answer);
		});
	}

	private void spend(String refreshToken) {
		this.refreshCalls.incrementAndGet();
		if (!this.spentRefreshTokens.add(refreshToken)) {
			this.replayedRefreshTokens.incrementAndGet();
		}
	}

	private Mono<Void> respond(HttpServerResponse response, String answer) {
		return Mono.delay(this.refreshLatency)
			.then(this.refreshGate)
			.then(response.header(HttpHeaders.CONTENT_TYPE, "application/json").sendString(Mono.just(answer)).then());
	}

	private static String newAccessToken(Clock clock) {
		return Jwts.issued(clock.instant(), ACCESS_TOKEN_LIFETIME);
	}

	private static String formParameter(String form, String name) {
		for (String pair : form.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0 && pair.substring(0, equals).equals(name)) {
				return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			}
		}
		return "";
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
