package com.marketiger3d.auth.web.servlet;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

import com.marketiger3d.auth.api.ApiOrigin;
import com.marketiger3d.auth.api.BearerHeader;
import com.marketiger3d.auth.api.DefaultReplayObservationConvention;
import com.marketiger3d.auth.api.MarketigerAuthObservationDocumentation;
import com.marketiger3d.auth.api.ReplayObservationContext;
import com.marketiger3d.auth.api.ReplayObservationConvention;
import com.marketiger3d.auth.token.BlockingTokenAccess;
import com.marketiger3d.auth.token.TokenSessions;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;

/**
 * Adds {@code Authorization: Bearer <token>} to the requests of a {@code RestClient} or
 * {@code RestTemplate} for the API's origin (same scheme, host and port as the base URL),
 * except to the Login and RefreshToken endpoints; requests to any other host pass through
 * untouched, so the token never leaks.
 * <p>
 * When the API answers 401, the response is closed, the token is renewed if the rejected
 * token is still the current one, and the request is sent once more with the same body. A
 * second 401 reaches the caller.
 * <p>
 * Getting the token may wait for a renewal, bounded by the {@link BlockingTokenAccess}'s
 * timeout; on a thread that must not block (a Reactor event loop) the call is refused.
 * <p>
 * Whose token a request carries is up to its {@link SessionResolver}: the service
 * account's, or, per user, the session of the request's user from {@link TokenSessions},
 * as a {@link SessionKeyResolver} names it. A request for the API that belongs to no user
 * fails with {@link IllegalStateException} and is not sent: it never gets another user's
 * token.
 * <p>
 * This class is thread-safe.
 *
 * @since 0.1.0
 */
public final class MarketigerAuthClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	private static final ReplayObservationConvention DEFAULT_CONVENTION = new DefaultReplayObservationConvention();

	private final SessionResolver sessions;

	private final ApiOrigin origin;

	private final ObservationRegistry observationRegistry;

	private final @Nullable ReplayObservationConvention observationConvention;

	private final BearerHeader header = new BearerHeader();

	/**
	 * Create the interceptor.
	 * @param tokens where the tokens come from
	 * @param origin the API the tokens belong to
	 */
	public MarketigerAuthClientHttpRequestInterceptor(BlockingTokenAccess tokens, ApiOrigin origin) {
		this(tokens, origin, ObservationRegistry.NOOP);
	}

	/**
	 * Create the interceptor, observing each replay after a 401 as
	 * {@code marketiger.auth.replay}
	 * ({@link MarketigerAuthObservationDocumentation#REPLAY}), as the WebClient filter
	 * does.
	 * @param tokens where the tokens come from
	 * @param origin the API the tokens belong to
	 * @param observationRegistry where replays are observed
	 */
	public MarketigerAuthClientHttpRequestInterceptor(BlockingTokenAccess tokens, ApiOrigin origin,
			ObservationRegistry observationRegistry) {
		this(SessionResolver.serviceAccount(tokens), origin, observationRegistry);
	}

	/**
	 * Create the interceptor for per-user sessions: each request carries the token of the
	 * session its user's key names.
	 * @param sessions the users' sessions
	 * @param sessionKeys tells whose request it is
	 * @param timeout the longest a request waits for its user's token being renewed
	 * @param origin the API the tokens belong to
	 * @param observationRegistry where replays are observed
	 */
	public MarketigerAuthClientHttpRequestInterceptor(TokenSessions sessions, SessionKeyResolver sessionKeys,
			Duration timeout, ApiOrigin origin, ObservationRegistry observationRegistry) {
		this(SessionResolver.perUser(sessions, sessionKeys, timeout), origin, observationRegistry);
	}

	/**
	 * Create the interceptor: each request carries the token of the session
	 * {@code sessions} resolves for it.
	 * @param sessions resolves the session of each request
	 * @param origin the API the tokens belong to
	 * @param observationRegistry where replays are observed
	 */
	public MarketigerAuthClientHttpRequestInterceptor(SessionResolver sessions, ApiOrigin origin,
			ObservationRegistry observationRegistry) {
		this(sessions, origin, observationRegistry, null);
	}

	/**
	 * Create the interceptor: each request carries the token of the session
	 * {@code sessions} resolves for it, and each replay is observed with
	 * {@code observationConvention}.
	 * @param sessions resolves the session of each request
	 * @param origin the API the tokens belong to
	 * @param observationRegistry where replays are observed
	 * @param observationConvention names and tags the replays' observations; {@code null}
	 * for {@link DefaultReplayObservationConvention}
	 */
	public MarketigerAuthClientHttpRequestInterceptor(SessionResolver sessions, ApiOrigin origin,
			ObservationRegistry observationRegistry, @Nullable ReplayObservationConvention observationConvention) {
		this.observationConvention = observationConvention;
		this.sessions = Objects.requireNonNull(sessions, "sessions must not be null");
		this.origin = Objects.requireNonNull(origin, "origin must not be null");
		this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry must not be null");
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (!this.origin.shouldAuthorize(request.getURI())) {
			return execution.execute(request, body);
		}
		BlockingTokenAccess tokens = this.sessions.resolve(request);
		String token = tokens.accessToken();
		ClientHttpResponse response = execution.execute(new AuthorizedRequest(request, this.header.valueFor(token)),
				body);
		if (response.getStatusCode().value() != HttpStatus.UNAUTHORIZED.value()) {
			return response;
		}
		return replay(tokens, request, body, execution, response, token);
	}

	private ClientHttpResponse replay(BlockingTokenAccess tokens, HttpRequest request, byte[] body,
			ClientHttpRequestExecution execution, ClientHttpResponse rejected, String rejectedToken)
			throws IOException {
		ReplayObservationContext context = new ReplayObservationContext();
		Observation observation = MarketigerAuthObservationDocumentation.REPLAY
			.observation(this.observationConvention, DEFAULT_CONVENTION, () -> context, this.observationRegistry)
			.start();
		try {
			String renewed;
			try {
				renewed = tokens.accessTokenAfterRejection(rejectedToken);
			}
			catch (RuntimeException ex) {
				rejected.close();
				throw ex;
			}
			if (renewed.equals(rejectedToken)) {
				// A replay would be refused all the same: the caller gets the API's
				// answer.
				context.markSkipped();
				return rejected;
			}
			rejected.close();
			ClientHttpResponse replayed = execution
				.execute(new AuthorizedRequest(request, this.header.valueFor(renewed)), body);
			context.setStatusCode(replayed.getStatusCode().value());
			return replayed;
		}
		catch (IOException | RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	@Override
	public String toString() {
		return "MarketigerAuthClientHttpRequestInterceptor[" + this.origin + "]";
	}

	/**
	 * The request with the bearer token, on a copy of its headers: the caller's request
	 * is left as it was, so a replay starts from the original headers.
	 */
	private static final class AuthorizedRequest extends HttpRequestWrapper {

		private final HttpHeaders headers;

		AuthorizedRequest(HttpRequest request, String authorization) {
			super(request);
			this.headers = HttpHeaders.copyOf(request.getHeaders());
			this.headers.set(HttpHeaders.AUTHORIZATION, authorization);
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

	}

}
