package com.marketiger3d.auth.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Calls the API's Login and RefreshToken endpoints over a {@link WebClient} of its own
 * (never the token-carrying one) and maps every outcome to {@link IssuedTokens} or to a
 * {@link MarketigerAuthException}: {@link InvalidCredentialsException},
 * {@link RefreshTokenRejectedException}, {@link TransientAuthFailureException} or
 * {@link MalformedAuthResponseException}. It does not retry; retry policy belongs to the
 * caller.
 * <p>
 * This class is thread-safe.
 *
 * @since 0.1.0
 */
public class MarketigerAuthClient {

	/**
	 * Largest auth answer read; a larger one is malformed, not a reason to run out of
	 * memory.
	 */
	public static final int MAX_RESPONSE_BYTES = 64 * 1024;

	private static final LoginObservationConvention DEFAULT_LOGIN_CONVENTION = new DefaultLoginObservationConvention();

	private static final RefreshObservationConvention DEFAULT_REFRESH_CONVENTION = new DefaultRefreshObservationConvention();

	private final WebClient webClient;

	private final Duration callTimeout;

	private final Clock clock;

	private final ObservationRegistry observationRegistry;

	private final @Nullable LoginObservationConvention loginConvention;

	private final @Nullable RefreshObservationConvention refreshConvention;

	private final JsonMapper json = JsonMapper.builder().build();

	private final AuthResponseReader reader = new AuthResponseReader(this.json);

	/**
	 * Create a client over a ready {@link WebClient} whose base URL is the API root.
	 * @param webClient the client to send the calls with
	 * @param callTimeout upper bound of one call, connect and answer included
	 * @param clock the clock used to read HTTP-date {@code Retry-After} values
	 */
	public MarketigerAuthClient(WebClient webClient, Duration callTimeout, Clock clock) {
		this(webClient, callTimeout, clock, ObservationRegistry.NOOP);
	}

	/**
	 * Create a client over a ready {@link WebClient} whose base URL is the API root,
	 * observing each call as {@code marketiger.auth.login} or
	 * {@code marketiger.auth.refresh} with an {@code outcome} key (success, rejected,
	 * transient-failure, malformed, cancelled), as
	 * {@link MarketigerAuthObservationDocumentation} documents them.
	 * @param webClient the client to send the calls with
	 * @param callTimeout upper bound of one call, connect and answer included
	 * @param clock the clock used to read HTTP-date {@code Retry-After} values
	 * @param observationRegistry where the calls are observed (metrics, tracing)
	 */
	public MarketigerAuthClient(WebClient webClient, Duration callTimeout, Clock clock,
			ObservationRegistry observationRegistry) {
		this(webClient, callTimeout, clock, observationRegistry, null, null);
	}

	private MarketigerAuthClient(WebClient webClient, Duration callTimeout, Clock clock,
			ObservationRegistry observationRegistry, @Nullable LoginObservationConvention loginConvention,
			@Nullable RefreshObservationConvention refreshConvention) {
		this.webClient = Objects.requireNonNull(webClient, "webClient must not be null");
		this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry must not be null");
		this.loginConvention = loginConvention;
		this.refreshConvention = refreshConvention;
	}

	/**
	 * Start a builder for a client with its own connector: Reactor Netty when it is on
	 * the class path, else the JDK's {@code HttpClient}.
	 * @param baseUrl the API root, for example {@code https://devapi.marketiger3d.com/v2}
	 * @return a builder
	 */
	public static Builder builder(URI baseUrl) {
		return new Builder(baseUrl);
	}

	/**
	 * Log in.
	 * @param credentials the account's e-mail and password
	 * @return the issued tokens, or an error typed as described on this class
	 */
	public Mono<IssuedTokens> login(Credentials credentials) {
		ObjectNode body = this.json.createObjectNode()
			.put("email", credentials.email())
			.put("password", credentials.password());
		return post(AuthCall.LOGIN, body, List.of(credentials.password()));
	}

	/**
	 * Exchange a refresh token for a new pair. The refresh token is single-use: the
	 * server rotates it, so the caller must not send it again once the call got an
	 * answer.
	 * @param accessToken the current access token
	 * @param refreshToken the current refresh token
	 * @return the issued tokens, or an error typed as described on this class
	 */
	public Mono<IssuedTokens> refresh(String accessToken, String refreshToken) {
		ObjectNode body = this.json.createObjectNode()
			.put("accessToken", accessToken)
			.put("refreshToken", refreshToken);
		return post(AuthCall.REFRESH, body, List.of(accessToken, refreshToken));
	}

	private Mono<IssuedTokens> post(AuthCall call, ObjectNode body, List<String> secrets) {
		// Bytes in and out, not Strings: Spring's String codecs log whole bodies
		// at TRACE, and these bodies hold the password and the tokens.
		byte[] json = this.json.writeValueAsBytes(body);
		return Mono.defer(() -> {
			AuthCallObservationContext context = new AuthCallObservationContext(call);
			Observation observation = observation(context).start();
			return send(call, json, secrets)
				.doOnSuccess((tokens) -> stop(observation, context, AuthCallOutcome.SUCCESS))
				.doOnError((ex) -> {
					observation.error(ex);
					stop(observation, context, AuthCallOutcome.of(ex));
				})
				.doOnCancel(() -> stop(observation, context, AuthCallOutcome.CANCELLED))
				.contextWrite((reactor) -> reactor.put(ObservationThreadLocalAccessor.KEY, observation));
		});
	}

	private Observation observation(AuthCallObservationContext context) {
		if (context.getCall() == AuthCall.LOGIN) {
			return MarketigerAuthObservationDocumentation.LOGIN.observation(this.loginConvention,
					DEFAULT_LOGIN_CONVENTION, () -> context, this.observationRegistry);
		}
		return MarketigerAuthObservationDocumentation.REFRESH.observation(this.refreshConvention,
				DEFAULT_REFRESH_CONVENTION, () -> context, this.observationRegistry);
	}

	private static void stop(Observation observation, AuthCallObservationContext context, AuthCallOutcome outcome) {
		context.setOutcome(outcome);
		observation.stop();
	}

	private Mono<IssuedTokens> send(AuthCall call, byte[] json, List<String> secrets) {
		return this.webClient.post()
			.uri(call.path())
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchangeToMono((response) -> read(call, response, secrets))
			.timeout(this.callTimeout)
			.onErrorMap((ex) -> !(ex instanceof MarketigerAuthException), (ex) -> translate(call, ex));
	}

	private Mono<IssuedTokens> read(AuthCall call, ClientResponse response, List<String> secrets) {
		int status = response.statusCode().value();
		Duration retryAfter = RetryAfter.parse(response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER),
				this.clock.instant());
		if (AuthResponseReader.isTransientStatus(status)) {
			// The body of a 429 or 5xx says nothing we use, and a large one must
			// not hide the Retry-After hint behind a size error.
			return response.releaseBody()
				.then(Mono.fromCallable(() -> this.reader.read(call, status, "", retryAfter, secrets)));
		}
		return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), MAX_RESPONSE_BYTES)
			.map(MarketigerAuthClient::text)
			.defaultIfEmpty("")
			.map((body) -> this.reader.read(call, status, body, retryAfter, secrets))
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> new MalformedAuthResponseException(
							call + " answered HTTP " + status + " with a body over " + MAX_RESPONSE_BYTES + " bytes",
							ex, AuthResponseReader.isSuccessStatus(status)));
	}

	private static String text(DataBuffer buffer) {
		try {
			return buffer.toString(StandardCharsets.UTF_8);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private MarketigerAuthException translate(AuthCall call, Throwable ex) {
		if (ex instanceof TimeoutException) {
			// The request may have been written and processed before the time ran out.
			return new TransientAuthFailureException(
					call + " did not answer within " + this.callTimeout.toMillis() + " ms", ex, true);
		}
		// IO errors say nothing about the credentials, so all are worth a retry; only
		// those before the request was sent (no connection) prove that the server did not
		// process it.
		boolean sent = !RequestNotSent.isNotSent(ex);
		return new TransientAuthFailureException(call + " failed: " + ex.getClass().getSimpleName()
				+ (sent ? " after the request may have been sent" : " before the request was sent"), ex, sent);
	}

	/**
	 * Builds a {@link MarketigerAuthClient} with its own connector (or the one given),
	 * connect and response timeouts, and the response size cap.
	 */
	public static final class Builder {

		private final URI baseUrl;

		private Duration connectTimeout = Duration.ofSeconds(5);

		private Duration responseTimeout = Duration.ofSeconds(10);

		private Clock clock = Clock.systemUTC();

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private @Nullable LoginObservationConvention loginConvention;

		private @Nullable RefreshObservationConvention refreshConvention;

		private WebClient.@Nullable Builder webClientBuilder;

		private @Nullable ClientHttpConnector clientConnector;

		private Builder(URI baseUrl) {
			this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl must not be null");
		}

		/**
		 * Set how long connecting to the API may take.
		 * @param connectTimeout a positive duration
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		/**
		 * Set how long the API may take to answer a call.
		 * @param responseTimeout a positive duration
		 * @return this builder
		 */
		public Builder responseTimeout(Duration responseTimeout) {
			this.responseTimeout = responseTimeout;
			return this;
		}

		/**
		 * Set the clock that stamps when tokens were obtained.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Observe each call (metrics and tracing through Micrometer).
		 * @param observationRegistry the registry
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			this.observationRegistry = observationRegistry;
			return this;
		}

		/**
		 * Name and tag the observations of Login with this convention instead of
		 * {@link DefaultLoginObservationConvention}.
		 * @param convention the convention, or {@code null} for the default
		 * @return this builder
		 */
		public Builder loginObservationConvention(@Nullable LoginObservationConvention convention) {
			this.loginConvention = convention;
			return this;
		}

		/**
		 * Name and tag the observations of RefreshToken with this convention instead of
		 * {@link DefaultRefreshObservationConvention}.
		 * @param convention the convention, or {@code null} for the default
		 * @return this builder
		 */
		public Builder refreshObservationConvention(@Nullable RefreshObservationConvention convention) {
			this.refreshConvention = convention;
			return this;
		}

		/**
		 * Start from this builder; it is cloned, never changed. Its customizations apply
		 * to the auth calls, which carry the password and the refresh token: use a
		 * builder that neither logs bodies nor adds headers or filters meant for other
		 * calls.
		 * @param webClientBuilder the builder to start from
		 * @return this builder
		 */
		public Builder webClientBuilder(WebClient.Builder webClientBuilder) {
			this.webClientBuilder = webClientBuilder;
			return this;
		}

		/**
		 * Send the calls through this connector instead of one of the builder's own. It
		 * should apply the connect and response timeouts (each call is bounded by their
		 * sum all the same) and must not follow redirects, which would carry the password
		 * or the refresh token to wherever the answer points.
		 * @param clientConnector the connector, for example one built with Spring Boot's
		 * {@code ClientHttpConnectorBuilder}
		 * @return this builder
		 */
		public Builder clientConnector(ClientHttpConnector clientConnector) {
			this.clientConnector = clientConnector;
			return this;
		}

		/**
		 * Build the client.
		 * @return the client
		 */
		public MarketigerAuthClient build() {
			ClientHttpConnector connector = (this.clientConnector != null) ? this.clientConnector : AuthClientConnectors
				.create(this.connectTimeout, this.responseTimeout, MarketigerAuthClient.class.getClassLoader());
			WebClient.Builder builder = (this.webClientBuilder != null) ? this.webClientBuilder.clone()
					: WebClient.builder();
			builder.baseUrl(this.baseUrl.toString()).clientConnector(connector);
			// The registry on the auth client's own builder: each Login and RefreshToken
			// gets its http.client.requests observation, as a child of the auth call's.
			// Without one, a given builder keeps the registry it has.
			if (this.observationRegistry != ObservationRegistry.NOOP) {
				builder.observationRegistry(this.observationRegistry);
			}
			WebClient webClient = builder.build();
			return new MarketigerAuthClient(webClient, this.connectTimeout.plus(this.responseTimeout), this.clock,
					this.observationRegistry, this.loginConvention, this.refreshConvention);
		}

	}

}
