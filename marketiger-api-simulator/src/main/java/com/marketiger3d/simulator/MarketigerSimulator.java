package com.marketiger3d.simulator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunctions;

/**
 * A running MarkeTiger3D API simulator, embedded in the calling JVM: tests and demo
 * applications start one on a free loopback port and close it when done.
 * <pre class="code">
 * try (MarketigerSimulator simulator = MarketigerSimulator.start(SimulatorSettings.defaults())) {
 *     String baseUrl = simulator.baseUrl(); // http://127.0.0.1:&lt;port&gt;/v2
 *     simulator.faults().failNext(1, FaultKind.SERVICE_UNAVAILABLE);
 * }
 * </pre>
 * <p>
 * It is a bare Reactor Netty server, not a Spring application context: nothing of it
 * (beans, properties, logging set-up) reaches an application that embeds it.
 * <p>
 * Issuing and checking a token take the same time however many were issued; expired
 * access tokens are forgotten every {@link #EXPIRY_INTERVAL} (on the wall clock, so a
 * test clock standing still costs nothing).
 * <p>
 * This class is thread-safe.
 *
 * @since 0.1.0
 */
public final class MarketigerSimulator implements AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

	/** How often expired access tokens are forgotten. */
	public static final Duration EXPIRY_INTERVAL = Duration.ofSeconds(30);

	private final SimulatedApi api;

	private final DisposableServer server;

	private final Disposable expiry;

	private final int port;

	private MarketigerSimulator(SimulatedApi api, DisposableServer server) {
		this.api = api;
		this.server = server;
		this.port = server.port();
		long interval = EXPIRY_INTERVAL.toMillis();
		this.expiry = Schedulers.parallel()
			.schedulePeriodically(api::expireAccessTokens, interval, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * Start a simulator with the {@link SimulatorSettings#defaults() default settings}.
	 * @return the running simulator
	 */
	public static MarketigerSimulator start() {
		return start(SimulatorSettings.defaults());
	}

	/**
	 * Start a simulator and wait until it listens.
	 * @param settings its settings
	 * @return the running simulator
	 */
	public static MarketigerSimulator start(SimulatorSettings settings) {
		SimulatedApi api = new SimulatedApi(settings);
		HttpHandler handler = RouterFunctions.toHttpHandler(api.routes());
		DisposableServer server = HttpServer.create()
			.host(HOST)
			.port(settings.port())
			.handle(new ReactorHttpHandlerAdapter(handler))
			.bindNow();
		return new MarketigerSimulator(api, server);
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
		return this.port;
	}

	/**
	 * Return the accounts accepted at Login, as the settings gave them.
	 * @return the accounts, never empty
	 * @since 0.1.0
	 */
	public List<Account> accounts() {
		return this.api.accounts();
	}

	/**
	 * Set the counters back to zero and the faults back to those the simulator started
	 * with, scheduled failures forgotten. Sessions, refresh tokens and access tokens stay
	 * as they are, so an application that holds tokens keeps using them.
	 * @since 0.1.0
	 */
	public void reset() {
		this.api.reset();
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
		this.expiry.dispose();
		this.server.disposeNow(SHUTDOWN_TIMEOUT);
	}

	@Override
	public String toString() {
		return "MarketigerSimulator[" + baseUrl() + "]";
	}

}
