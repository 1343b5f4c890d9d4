package com.marketiger3d.auth.web.reactive;

import java.util.Objects;

import com.marketiger3d.auth.api.ApiOrigin;
import com.marketiger3d.auth.api.BearerHeader;
import com.marketiger3d.auth.api.DefaultReplayObservationConvention;
import com.marketiger3d.auth.api.MarketigerAuthObservationDocumentation;
import com.marketiger3d.auth.api.ReplayObservationContext;
import com.marketiger3d.auth.api.ReplayObservationConvention;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenSessions;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Adds {@code Authorization: Bearer <token>} to requests for the API's origin (same
 * scheme, host and port as the base URL), except to the Login and RefreshToken endpoints;
 * requests to any other host pass through untouched, so the token never leaks.
 * <p>
 * When the API answers 401, the response body is released, the token is renewed if the
 * rejected token is still the current one, and the request is sent once more, body
 * included (bodies set with {@code bodyValue} or a replayable publisher). A second 401
 * reaches the caller.
 * <p>
 * Whose token a request carries is up to its {@link ReactiveSessionResolver}: the service
 * account's, or, per user, the session of the request's user from {@link TokenSessions},
 * as a {@link ReactiveSessionKeyResolver} names it. A request for the API that belongs to
 * no user fails with {@link IllegalStateException} and is not sent: it never gets another
 * user's token.
 * <p>
 * This class is thread-safe.
 *
 * @since 0.1.0
 */
public final class MarketigerAuthExchangeFilterFunction implements ExchangeFilterFunction {

	/**
	 * Name of the observation of a replay; its timer's count is the number of replays.
	 * @see MarketigerAuthObservationDocumentation#REPLAY
	 */
	public static final String REPLAY_OBSERVATION = "marketiger.auth.replay";

	private static final ReplayObservationConvention DEFAULT_CONVENTION = new DefaultReplayObservationConvention();

	private final ReactiveSessionResolver sessions;

	private final ApiOrigin origin;

	private final ObservationRegistry observationRegistry;

	private final @Nullable ReplayObservationConvention observationConvention;

	private final BearerHeader header = new BearerHeader();

	/**
	 * Create the filter.
	 * @param tokens the service that supplies the tokens
	 * @param origin the API the tokens belong to
	 */
	public MarketigerAuthExchangeFilterFunction(TokenRefreshService tokens, ApiOrigin origin) {
		this(tokens, origin, ObservationRegistry.NOOP);
	}

	/**
	 * Create the filter, observing each replay after a 401 as
	 * {@code marketiger.auth.replay} with an {@code outcome} key (the replay's status
	 * class, or {@code error}).
	 * @param tokens the service that supplies the tokens
	 * @param origin the API the tokens belong to
	 * @param observationRegistry where replays are observed
	 */
	public MarketigerAuthExchangeFilterFunction(TokenRefreshService tokens, ApiOrigin origin,
			ObservationRegistry observationRegistry) {
		this(ReactiveSessionResolver.serviceAccount(tokens), origin, observationRegistry);
	}

	/**
	 * Create the filter for per-user sessions: each request carries the token of the
	 * session its user's key names.
	 * @param sessions the users' sessions
	 * @param sessionKeys tells whose request it is
	 * @param origin the API the tokens belong to
	 * @param observationRegistry where replays are observed
	 */
	public MarketigerAuthExchangeFilterFunction(TokenSessions sessions, ReactiveSessionKeyResolver sessionKeys,
			ApiOrigin origin, ObservationRegistry observationRegistry) {
		this(ReactiveSessionResolver.perUser(sessions, sessionKeys), origin, observationRegistry);
	}

	/**
	 * Create the filter: each request carries the token of the session {@code sessions}
	 * resolves for it.
	 * @param sessions resolves the session of each request
	 * @param origin the API the tokens belong to
	 * @param observationRegistry where replays are observed
	 */
	public MarketigerAuthExchangeFilterFunction(ReactiveSessionResolver sessions, ApiOrigin origin,
			ObservationRegistry observationRegistry) {
		this(sessions, origin, observationRegistry, null);
	}

	/**
	 * Create the filter: each request carries the token of the session {@code sessions}
	 * resolves for it, and each replay is observed with {@code observationConvention}.
	 * @param sessions resolves the session of each request
	 * @param origin the API the tokens belong to
	 * @param observationRegistry where replays are observed
	 * @param observationConvention names and tags the replays' observations; {@code null}
	 * for {@link DefaultReplayObservationConvention}
	 */
	public MarketigerAuthExchangeFilterFunction(ReactiveSessionResolver sessions, ApiOrigin origin,
			ObservationRegistry observationRegistry, @Nullable ReplayObservationConvention observationConvention) {
		this.observationConvention = observationConvention;
		this.sessions = Objects.requireNonNull(sessions, "sessions must not be null");
		this.origin = Objects.requireNonNull(origin, "origin must not be null");
		this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry must not be null");
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		if (!this.origin.shouldAuthorize(request.url())) {
			return next.exchange(request);
		}
		// A session known at once (the service account's) needs no Mono to wait on.
		TokenRefreshService tokens = this.sessions.resolveNow(request);
		if (tokens != null) {
			return filter(tokens, request, next);
		}
		return this.sessions.resolve(request).flatMap((session) -> filter(session, request, next));
	}

	private Mono<ClientResponse> filter(TokenRefreshService tokens, ClientRequest request, ExchangeFunction next) {
		// A fresh token needs no Mono: the common case goes straight to the exchange.
		String token = tokens.currentAccessToken();
		if (token != null) {
			return exchange(tokens, request, next, token);
		}
		return tokens.accessToken().flatMap((awaited) -> exchange(tokens, request, next, awaited));
	}

	private Mono<ClientResponse> exchange(TokenRefreshService tokens, ClientRequest request, ExchangeFunction next,
			String token) {
		return next.exchange(withBearer(request, token))
			.flatMap((response) -> (response.statusCode().value() == HttpStatus.UNAUTHORIZED.value())
					? replay(tokens, request, next, response, token) : Mono.just(response));
	}

	private Mono<ClientResponse> replay(TokenRefreshService tokens, ClientRequest request, ExchangeFunction next,
			ClientResponse rejected, String rejectedToken) {
		return Mono.defer(() -> {
			ReplayObservationContext context = new ReplayObservationContext();
			Observation observation = MarketigerAuthObservationDocumentation.REPLAY
				.observation(this.observationConvention, DEFAULT_CONVENTION, () -> context, this.observationRegistry)
				.start();
			// The same token back means a replay would be refused all the same: the
			// caller gets the API's answer.
			return tokens.accessTokenAfterRejection(rejectedToken)
				.onErrorResume((ex) -> rejected.releaseBody().then(Mono.error(ex)))
				.flatMap((token) -> token.equals(rejectedToken) ? Mono.just(rejected)
						: rejected.releaseBody().then(next.exchange(withBearer(request, token))))
				.doOnSuccess((response) -> {
					if (response == rejected) {
						context.markSkipped();
					}
					else if (response != null) {
						context.setStatusCode(response.statusCode().value());
					}
					observation.stop();
				})
				.doOnError((ex) -> {
					observation.error(ex);
					observation.stop();
				})
				.doOnCancel(() -> {
					context.markCancelled();
					observation.stop();
				});
		});
	}

	private ClientRequest withBearer(ClientRequest request, String token) {
		return AuthorizedClientRequest.of(request, this.header.valueFor(token));
	}

	@Override
	public String toString() {
		return "MarketigerAuthExchangeFilterFunction[" + this.origin + "]";
	}

}
