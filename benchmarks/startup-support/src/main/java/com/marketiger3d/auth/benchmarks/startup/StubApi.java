package com.marketiger3d.auth.benchmarks.startup;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The API as far as the measurement needs it, on the JDK's HTTP server so that it loads
 * nothing of what is measured: Login answers a pair, every other path a small JSON body.
 */
final class StubApi implements AutoCloseable {

	private final HttpServer server;

	private StubApi(HttpServer server) {
		this.server = server;
	}

	static StubApi start() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", StubApi::answer);
		server.start();
		return new StubApi(server);
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v2";
	}

	/**
	 * An access token shaped like the API's, an hour to live; its signature is not
	 * checked.
	 */
	static String accessToken() {
		long now = Instant.now().getEpochSecond();
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		String header = encoder.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String claims = encoder
			.encodeToString(("{\"sub\":\"startup@marketiger3d.test\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}")
				.getBytes(StandardCharsets.UTF_8));
		return header + "." + claims + "." + encoder.encodeToString(new byte[32]);
	}

	private static void answer(HttpExchange exchange) throws IOException {
		exchange.getRequestBody().readAllBytes();
		String body = exchange.getRequestURI().getPath().endsWith("/Auth/Login")
				? "{\"success\":true,\"data\":{\"accessToken\":\"" + accessToken()
						+ "\",\"refreshToken\":\"startup-refresh\"}}"
				: "{\"success\":true,\"data\":[]}";
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
