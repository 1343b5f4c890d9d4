package com.marketiger3d.auth.api;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every auth call of {@link MarketigerAuthClient} is one observation, started when the
 * call is subscribed and stopped however it ends, with the {@code outcome} it ended with.
 */
@WireMockTest
class MarketigerAuthClientObservationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Credentials CREDENTIALS = new Credentials("robot@example.com", "s3cret-password");

	private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T08:00:00Z"), ZoneOffset.UTC);

	private final ObservationRegistry observations = ObservationRegistry.create();

	private final RecordingHandler handler = new RecordingHandler();

	private WireMockRuntimeInfo wireMock;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wireMock) {
		this.wireMock = wireMock;
		this.observations.observationConfig().observationHandler(this.handler);
	}

	@Test
	void successfulLoginStopsItsObservationWithOutcomeSuccess() {
		this.wireMock.getWireMock()
			.register(post(urlEqualTo("/v2/Auth/Login"))
				.willReturn(okJson("{\"success\":true,\"data\":{\"accessToken\":\"a-1\",\"refreshToken\":\"r-1\"}}")));

		assertThat(client().login(CREDENTIALS).block(TIMEOUT)).isEqualTo(new IssuedTokens("a-1", "r-1"));

		assertThat(this.handler.started).containsExactly("marketiger.auth.login");
		assertThat(this.handler.stopped).containsExactly("marketiger.auth.login outcome=success");
	}

	@Test
	void rejectedLoginStopsItsObservationWithOutcomeRejected() {
		this.wireMock.getWireMock()
			.register(post(urlEqualTo("/v2/Auth/Login")).willReturn(aResponse().withStatus(401)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"success\":false,\"error\":{\"type\":2,\"message\":\"Wrong\"}}")));

		assertThat(catchThrowable(() -> client().login(CREDENTIALS).block(TIMEOUT)))
			.isInstanceOf(InvalidCredentialsException.class);

		assertThat(this.handler.started).containsExactly("marketiger.auth.login");
		assertThat(this.handler.stopped).containsExactly("marketiger.auth.login outcome=rejected");
	}

	@Test
	void unavailableRefreshStopsItsObservationWithOutcomeTransientFailure() {
		this.wireMock.getWireMock()
			.register(post(urlEqualTo("/v2/Auth/RefreshToken")).willReturn(aResponse().withStatus(503)));

		assertThat(catchThrowable(() -> client().refresh("a-1", "r-1").block(TIMEOUT)))
			.isInstanceOf(TransientAuthFailureException.class);

		assertThat(this.handler.started).containsExactly("marketiger.auth.refresh");
		assertThat(this.handler.stopped).containsExactly("marketiger.auth.refresh outcome=transient-failure");
	}

	@Test
	void cancelledCallStopsItsObservationWithOutcomeCancelled() {
		// An API that never answers: the call ends only by its cancellation.
		WebClient silent = WebClient.builder().exchangeFunction((request) -> Mono.never()).build();
		MarketigerAuthClient client = new MarketigerAuthClient(silent, Duration.ofHours(1), this.clock,
				this.observations);

		Disposable call = client.refresh("a-1", "r-1").subscribe();
		assertThat(this.handler.started).containsExactly("marketiger.auth.refresh");
		assertThat(this.handler.stopped).isEmpty();
		call.dispose();

		assertThat(this.handler.stopped).containsExactly("marketiger.auth.refresh outcome=cancelled");
	}

	private MarketigerAuthClient client() {
		return MarketigerAuthClient.builder(URI.create(this.wireMock.getHttpBaseUrl() + "/v2"))
			.clock(this.clock)
			.observationRegistry(this.observations)
			.build();
	}

	/**
	 * Records the name of each auth call observation started, and its outcome when
	 * stopped; the HTTP client's own observations, its children, are left out.
	 */
	static final class RecordingHandler implements ObservationHandler<Observation.Context> {

		final List<String> started = new CopyOnWriteArrayList<>();

		final List<String> stopped = new CopyOnWriteArrayList<>();

		@Override
		public void onStart(Observation.Context context) {
			this.started.add(context.getName());
		}

		@Override
		public void onStop(Observation.Context context) {
			KeyValue outcome = context.getLowCardinalityKeyValue("outcome");
			this.stopped.add(context.getName() + " outcome=" + ((outcome != null) ? outcome.getValue() : "none"));
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof AuthCallObservationContext;
		}

	}

}
