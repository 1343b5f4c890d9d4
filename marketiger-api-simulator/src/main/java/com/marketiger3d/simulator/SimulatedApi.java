package com.marketiger3d.simulator;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * One simulated API: its state, and the routes that answer for it, hosted by
 * {@link MarketigerSimulator} on a Reactor Netty server of its own.
 */
final class SimulatedApi {

	static final String BASE_PATH = "/v2";

	static final String ADMIN_PATH = "/admin";

	private final SimulatorCounters counters = new SimulatorCounters();

	private final Faults faults;

	private final AccessTokens accessTokens;

	private final Envelope envelope = new Envelope();

	private final AuthHandler auth;

	private final ApiHandler api;

	private final AdminHandler admin;

	private final List<Account> accounts;

	SimulatedApi(SimulatorSettings settings) {
		this.accounts = settings.accounts();
		this.faults = new Faults(settings);
		ServerClock clock = new ServerClock(settings.clock(), this.faults);
		this.accessTokens = new AccessTokens(clock, settings.accessTokenLifetime());
		Sessions sessions = new Sessions(clock, settings.refreshTokenLifetime(), this.accessTokens, this.counters);
		this.auth = new AuthHandler(settings.accounts(), sessions, this.faults, this.counters, this.envelope);
		this.api = new ApiHandler(this.accessTokens, sessions, this.counters, this.envelope);
		this.admin = new AdminHandler(this.counters, this.faults, this.accessTokens, this.envelope);
	}

	SimulatorCounters counters() {
		return this.counters;
	}

	Faults faults() {
		return this.faults;
	}

	int revokeAccessTokens() {
		return this.accessTokens.revokeAll();
	}

	List<Account> accounts() {
		return this.accounts;
	}

	void reset() {
		this.counters.reset();
		this.faults.restore();
	}

	int expireAccessTokens() {
		return this.accessTokens.expire();
	}

	RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.path(BASE_PATH,
					(v2) -> v2.POST("/Auth/Login", this.auth::login)
						.POST("/Auth/RefreshToken", this.auth::refresh)
						.GET("/Project/GetProjects", this.api::getProjects)
						.GET("/Model3D/GetModels", this.api::getModels)
						.POST("/Order/CreateOrder", this.api::createOrder))
			.path(ADMIN_PATH,
					(admin) -> admin.GET("/counters", this.admin::counters)
						.POST("/counters/reset", this.admin::resetCounters)
						.GET("/faults", this.admin::faults)
						.POST("/faults", this.admin::changeFaults)
						.POST("/faults/reset", this.admin::resetFaults)
						.POST("/revoke-access-tokens", this.admin::revokeAccessTokens))
			.route((request) -> true, this::notFound)
			.onError(RuntimeException.class, this::failed)
			.build();
	}

	private Mono<ServerResponse> notFound(ServerRequest request) {
		return this.envelope
			.error(HttpStatus.NOT_FOUND, ErrorType.NOT_FOUND, "No endpoint " + request.method() + " " + request.path())
			.toServerResponse();
	}

	private Mono<ServerResponse> failed(Throwable ex, ServerRequest request) {
		return this.envelope.error(HttpStatus.INTERNAL_SERVER_ERROR, ErrorType.OPERATION_FAILED, "Unexpected error.")
			.toServerResponse();
	}

}
