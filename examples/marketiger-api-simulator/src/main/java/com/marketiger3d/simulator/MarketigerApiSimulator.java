package com.marketiger3d.simulator;

import java.time.Duration;

import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunctions;

/**
 * A running MarkeTiger3D API simulator, embedded in the calling JVM: tests and demo
 * applications start one on a free loopback port and close it when done.
 * <pre class="code">
 * try (MarketigerApiSimulator simulator = MarketigerApiSimulator.start(SimulatorSettings.defaults())) {
 *     String baseUrl = simulator.baseUrl(); // http://127.0.0.1:&lt;port&gt;/v2
 *     simulator.faults().failNext(1, FaultKind.SERVICE_UNAVAILABLE);
 * }
 * </pre>
 * <p>
 * It is a bare Reactor Netty server, not a Spring application context: nothing of it
 * (beans, properties, logging set-up) reaches an application that embeds it.
 * <p>
 * This class is thread-safe.
 *
 * @since 0.1.0
 */
public final class MarketigerApiSimulator implements AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

	private final SimulatedApi api;

	private final DisposableServer server;

	private MarketigerApiSimulator(SimulatedApi api, DisposableServer server) {
		this.api = api;
		this.server = server;
	}

	/**
	 * Start a simulator with the {@link SimulatorSettings#defaults() default settings}.
	 * @return the running simulator
	 */
	public static MarketigerApiSimulator start() {
		return start(SimulatorSettings.defaults());
	}

	/**
	 * Start a simulator and wait until it listens.
	 * @param settings its settings
	 * @return the running simulator
	 */
	public static MarketigerApiSimulator start(SimulatorSettings settings) {
		SimulatedApi api = new SimulatedApi(settings);
		HttpHandler handler = RouterFunctions.toHttpHandler(api.routes());
		DisposableServer server = HttpServer.create()
			.host(HOST)
			.port(settings.port())
			.handle(new ReactorHttpHandlerAdapter(handler))
			.bindNow();
		return new MarketigerApiSimulator(api, server);
	}

	/**
	 * Return the API root to configure a client with, ending in {@code /v2}.
	 * @return for example {@code http://127.0.0.1:38117/v2}
	 */
	public String baseUrl() {
		return "http://" + HOST + ":" + port() + SimulatedApi.BASE_PATH;
	}

	/**
	 * Return the root of the admin endpoints.
	 * @return for example {@code http://127.0.0.1:38117/admin}
	 */
	public String adminUrl() {
		return "http://" + HOST + ":" + port() + SimulatedApi.ADMIN_PATH;
	}

	/**
	 * Return the port the simulator listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * Return what the simulator has answered so far.
	 * @return the live counters
	 */
	public SimulatorCounters counters() {
		return this.api.counters();
	}

	/**
	 * Return the faults injected into the auth endpoints, to change while running.
	 * @return the live faults
	 */
	public Faults faults() {
		return this.api.faults();
	}

	/**
	 * Revoke every access token issued so far, as a server that rotated its signing key
	 * or lost its token cache would. Sessions stay: their refresh tokens still work.
	 * @return how many unexpired access tokens were revoked
	 */
	public int revokeAccessTokens() {
		return this.api.revokeAccessTokens();
	}

	/**
	 * Stop listening and close open connections.
	 */
	@Override
	public void close() {
		this.server.disposeNow(SHUTDOWN_TIMEOUT);
	}

}
