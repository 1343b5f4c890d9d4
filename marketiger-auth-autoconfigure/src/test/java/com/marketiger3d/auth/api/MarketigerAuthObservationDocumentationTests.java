package com.marketiger3d.auth.api;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The observations of the auth calls have the names and keys
 * {@link MarketigerAuthObservationDocumentation} documents, and an application's
 * convention replaces the default one.
 */
@WireMockTest
class MarketigerAuthObservationDocumentationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String CANARY_EMAIL = "canary-user-5d1c@example.com";

	private static final Credentials CREDENTIALS = new Credentials(CANARY_EMAIL, "canary-password-77a2");

	private static final String ISSUED = "{\"success\":true,\"data\":{\"accessToken\":\"canary-access-1\",\"refreshToken\":\"canary-refresh-1\"}}";

	private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T08:00:00Z"), ZoneOffset.UTC);

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	private WireMockRuntimeInfo wireMock;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wireMock) {
		this.wireMock = wireMock;
	}

	@Test
	void eachDocumentedObservationNamesItsDefaultConventionWhichGivesItsName() throws Exception {
		for (MarketigerAuthObservationDocumentation documentation : MarketigerAuthObservationDocumentation.values()) {
			ObservationConvention<?> convention = documentation.getDefaultConvention()
				.getDeclaredConstructor()
				.newInstance();
			assertThat(convention.getName()).isEqualTo(documentation.getName());
			assertThat(documentation.getName()).startsWith("marketiger.auth.");
		}
		assertThat(MarketigerAuthObservationDocumentation.values())
			.extracting(MarketigerAuthObservationDocumentation::getName)
			.containsExactly("marketiger.auth.login", "marketiger.auth.refresh", "marketiger.auth.replay");
	}

	@Test
	void defaultsObserveLoginAndRefreshWithTheDocumentedNamesAndKeysOnly() {
		this.wireMock.getWireMock().register(post(urlEqualTo("/v2/Auth/Login")).willReturn(okJson(ISSUED)));
		this.wireMock.getWireMock()
			.register(post(urlEqualTo("/v2/Auth/RefreshToken")).willReturn(aResponse().withStatus(503)));
		MarketigerAuthClient client = client().build();

		client.login(CREDENTIALS).block(TIMEOUT);
		catchThrowable(() -> client.refresh("canary-access-1", "canary-refresh-1").block(TIMEOUT));

		assertThat(this.observations).hasObservationWithNameEqualTo("marketiger.auth.login")
			.that()
			.hasContextualNameEqualTo("Login")
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasBeenStopped();
		assertThat(this.observations).hasObservationWithNameEqualTo("marketiger.auth.refresh")
			.that()
			.hasContextualNameEqualTo("RefreshToken")
			.hasLowCardinalityKeyValue("outcome", "transient-failure")
			.hasBeenStopped();
		assertThat(this.observations).hasHandledContextsThatSatisfy((contexts) -> {
			for (Observation.Context context : contexts) {
				if (context instanceof AuthCallObservationContext auth) {
					MarketigerAuthObservationDocumentation documentation = (auth.getCall() == AuthCall.LOGIN)
							? MarketigerAuthObservationDocumentation.LOGIN
							: MarketigerAuthObservationDocumentation.REFRESH;
					assertThat(keys(context.getLowCardinalityKeyValues()))
						.containsExactlyInAnyOrderElementsOf(keys(documentation.getLowCardinalityKeyNames()));
					assertThat(context.getHighCardinalityKeyValues()).isEmpty();
				}
				// No observation, the HTTP client's included, carries the e-mail or a
				// token.
				assertThat(context.getAllKeyValues()).extracting(KeyValue::getValue)
					.noneSatisfy((value) -> assertThat(value).contains("canary-"));
			}
		});
	}

	@Test
	void aConventionOfTheApplicationRenamesTheObservationAndAddsAKey() {
		this.wireMock.getWireMock().register(post(urlEqualTo("/v2/Auth/Login")).willReturn(okJson(ISSUED)));
		this.wireMock.getWireMock().register(post(urlEqualTo("/v2/Auth/RefreshToken")).willReturn(okJson(ISSUED)));
		MarketigerAuthClient client = client().loginObservationConvention(new TenantLoginConvention())
			.refreshObservationConvention(new TenantRefreshConvention())
			.build();

		client.login(CREDENTIALS).block(TIMEOUT);
		client.refresh("canary-access-1", "canary-refresh-1").block(TIMEOUT);

		assertThat(this.observations).hasNumberOfObservationsWithNameEqualTo("marketiger.auth.login", 0)
			.hasObservationWithNameEqualTo("acme.marketiger.login")
			.that()
			.hasLowCardinalityKeyValue("tenant", "acme")
			.hasLowCardinalityKeyValue("outcome", "success");
		assertThat(this.observations).hasObservationWithNameEqualTo("marketiger.auth.refresh")
			.that()
			.hasLowCardinalityKeyValue("tenant", "acme")
			.hasLowCardinalityKeyValue("outcome", "success");
	}

	@Test
	void aLoginConventionDoesNotApplyToRefreshAndTheOtherWayRound() {
		AuthCallObservationContext login = new AuthCallObservationContext(AuthCall.LOGIN);
		AuthCallObservationContext refresh = new AuthCallObservationContext(AuthCall.REFRESH);

		assertThat(new DefaultLoginObservationConvention().supportsContext(login)).isTrue();
		assertThat(new DefaultLoginObservationConvention().supportsContext(refresh)).isFalse();
		assertThat(new DefaultRefreshObservationConvention().supportsContext(refresh)).isTrue();
		assertThat(new DefaultRefreshObservationConvention().supportsContext(login)).isFalse();
		assertThat(new DefaultReplayObservationConvention().supportsContext(login)).isFalse();
	}

	@Test
	void replayOutcomeFollowsWhatHappenedToTheRequestSentAgain() {
		DefaultReplayObservationConvention convention = new DefaultReplayObservationConvention();
		ReplayObservationContext running = new ReplayObservationContext();
		ReplayObservationContext answered = new ReplayObservationContext();
		answered.setStatusCode(503);
		ReplayObservationContext skipped = new ReplayObservationContext();
		skipped.markSkipped();
		ReplayObservationContext cancelled = new ReplayObservationContext();
		cancelled.markCancelled();
		ReplayObservationContext failed = new ReplayObservationContext();
		failed.setError(new IllegalStateException("renewal failed"));

		assertThat(Arrays.asList(running, answered, skipped, cancelled, failed))
			.extracting((context) -> convention.getLowCardinalityKeyValues(context))
			.extracting((keyValues) -> keyValues.stream()
				.map((keyValue) -> keyValue.getKey() + "=" + keyValue.getValue())
				.toList())
			.containsExactly(List.of("outcome=unknown"), List.of("outcome=5xx"), List.of("outcome=not-replayed"),
					List.of("outcome=cancelled"), List.of("outcome=error"));
	}

	private static List<String> keys(KeyValues keyValues) {
		return keyValues.stream().map(KeyValue::getKey).toList();
	}

	private static List<String> keys(KeyName[] keyNames) {
		return Arrays.stream(keyNames).map(KeyName::asString).toList();
	}

	private MarketigerAuthClient.Builder client() {
		return MarketigerAuthClient.builder(URI.create(this.wireMock.getHttpBaseUrl() + "/v2"))
			.clock(this.clock)
			.observationRegistry(this.observations);
	}

	/** Renames Login's observation and adds a key of the application's. */
	static final class TenantLoginConvention extends DefaultLoginObservationConvention {

		@Override
		public String getName() {
			return "acme.marketiger.login";
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(AuthCallObservationContext context) {
			return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
		}

	}

	/** Adds a key of the application's to RefreshToken's observation. */
	static final class TenantRefreshConvention extends DefaultRefreshObservationConvention {

		@Override
		public KeyValues getLowCardinalityKeyValues(AuthCallObservationContext context) {
			return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
		}

	}

}
