package com.marketiger3d.auth.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.marketiger3d.auth.actuate.MarketigerAuthEndpoint;
import com.marketiger3d.auth.actuate.MarketigerAuthHealthIndicator;
import com.marketiger3d.auth.actuate.MarketigerAuthMetrics;
import com.marketiger3d.auth.actuate.MarketigerAuthSessionMetrics;
import com.marketiger3d.auth.actuate.MarketigerAuthState;
import com.marketiger3d.auth.api.DefaultLoginObservationConvention;
import com.marketiger3d.auth.api.DefaultRefreshObservationConvention;
import com.marketiger3d.auth.api.DefaultReplayObservationConvention;
import com.marketiger3d.auth.api.LoginObservationConvention;
import com.marketiger3d.auth.api.RefreshObservationConvention;
import com.marketiger3d.auth.api.ReplayObservationContext;
import com.marketiger3d.auth.api.ReplayObservationConvention;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.web.reactive.MarketigerAuthExchangeFilterFunction;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import static org.assertj.core.api.Assertions.assertThat;

@WireMockTest
class MarketigerAuthActuatorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MarketigerAuthAutoConfiguration.class,
				MarketigerAuthHealthAutoConfiguration.class, MarketigerAuthEndpointAutoConfiguration.class,
				MarketigerAuthMetricsAutoConfiguration.class))
		.withPropertyValues("marketiger.auth.email=" + AuthApiStub.EMAIL,
				"marketiger.auth.password=" + AuthApiStub.PASSWORD);

	@Test
	void healthIndicatorIsContributedAsMarketigerAuth() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MarketigerAuthHealthIndicator.class)
				.hasSingleBean(MarketigerAuthState.class);
			assertThat(context.getBeanNamesForType(MarketigerAuthHealthIndicator.class))
				.containsExactly("marketigerAuthHealthIndicator");
		});
	}

	@Test
	void healthIndicatorCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues("management.health.marketigerauth.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MarketigerAuthHealthIndicator.class));
	}

	@Test
	void noHealthIndicatorWithoutBootsHealthSupport() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MarketigerAuthHealthIndicator.class));
	}

	@Test
	void endpointExistsOnlyWhenExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(MarketigerAuthEndpoint.class));
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=marketigerauth")
			.run((context) -> assertThat(context).hasSingleBean(MarketigerAuthEndpoint.class)
				.hasSingleBean(MarketigerAuthState.class));
	}

	@Test
	void endpointWritesNeedExplicitAccess() {
		Endpoint endpoint = AnnotationUtils.findAnnotation(MarketigerAuthEndpoint.class, Endpoint.class);

		assertThat(endpoint.id()).isEqualTo("marketigerauth");
		assertThat(endpoint.defaultAccess()).isEqualTo(Access.READ_ONLY);
	}

	@Test
	void gaugesAreBoundWhenMicrometerIsPresent() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(MarketigerAuthMetrics.class));
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MarketigerAuthMetrics.class));
	}

	@Test
	void disabledStarterContributesNothingToOperators() {
		this.contextRunner
			.withPropertyValues("marketiger.auth.enabled=false", "management.endpoints.web.exposure.include=*")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).doesNotHaveBean(MarketigerAuthHealthIndicator.class)
				.doesNotHaveBean(MarketigerAuthEndpoint.class)
				.doesNotHaveBean(MarketigerAuthMetrics.class)
				.doesNotHaveBean(MarketigerAuthState.class));
	}

	@Test
	void authCallsAreObservedWithTheApplicationsObservationRegistry(WireMockRuntimeInfo wireMock) {
		new AuthApiStub(wireMock.getWireMock(), Duration.ofMinutes(5)).loginThenRotations(0);
		List<String> observed = new CopyOnWriteArrayList<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				observed.add(context.getName() + " " + context.getLowCardinalityKeyValue("outcome").getValue());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		this.contextRunner.withPropertyValues("marketiger.auth.base-url=" + wireMock.getHttpBaseUrl() + "/v2")
			.withBean(ObservationRegistry.class, () -> registry)
			.run((context) -> {
				context.getBean(TokenRefreshService.class).accessToken().block(Duration.ofSeconds(10));
				assertThat(observed).contains("marketiger.auth.login success");
			});
	}

	@Test
	void conventionBeansOfTheApplicationNameTheAuthCallsAndTheReplays(WireMockRuntimeInfo wireMock) {
		AuthApiStub api = new AuthApiStub(wireMock.getWireMock(), Duration.ofMinutes(5)).loginThenRotations(1);
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.contextRunner.withPropertyValues("marketiger.auth.base-url=" + wireMock.getHttpBaseUrl() + "/v2")
			.withBean(ObservationRegistry.class, () -> registry)
			.withBean(LoginObservationConvention.class, () -> new DefaultLoginObservationConvention() {

				@Override
				public String getName() {
					return "acme.marketiger.login";
				}

			})
			.withBean(RefreshObservationConvention.class, () -> new DefaultRefreshObservationConvention() {

				@Override
				public String getName() {
					return "acme.marketiger.refresh";
				}

			})
			.withBean(ReplayObservationConvention.class, () -> new DefaultReplayObservationConvention() {

				@Override
				public KeyValues getLowCardinalityKeyValues(ReplayObservationContext context) {
					return super.getLowCardinalityKeyValues(context).and("client", "acme");
				}

			})
			.run((context) -> {
				String rejected = context.getBean(TokenRefreshService.class)
					.accessToken()
					.block(Duration.ofSeconds(10));
				URI projects = URI.create(wireMock.getHttpBaseUrl() + "/v2/Project/GetProjects");
				List<String> sent = new CopyOnWriteArrayList<>();
				ExchangeFunction api401Then200 = (request) -> {
					sent.add(request.headers().getFirst("Authorization"));
					return Mono.just(ClientResponse.create((sent.size() == 1) ? HttpStatus.UNAUTHORIZED : HttpStatus.OK)
						.build());
				};
				context.getBean(MarketigerAuthExchangeFilterFunction.class)
					.filter(ClientRequest.create(HttpMethod.GET, projects).build(), api401Then200)
					.block(Duration.ofSeconds(10));

				assertThat(sent).containsExactly("Bearer " + rejected, "Bearer " + api.accessToken(1));
				assertThat(registry).hasObservationWithNameEqualTo("acme.marketiger.login")
					.that()
					.hasLowCardinalityKeyValue("outcome", "success");
				assertThat(registry).hasObservationWithNameEqualTo("acme.marketiger.refresh")
					.that()
					.hasLowCardinalityKeyValue("outcome", "success");
				assertThat(registry).hasObservationWithNameEqualTo("marketiger.auth.replay")
					.that()
					.hasLowCardinalityKeyValue("client", "acme")
					.hasLowCardinalityKeyValue("outcome", "2xx");
			});
	}

	@Test
	void sessionGaugesAreBoundInPerUserModeOnly() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("marketiger.auth.mode=per-user")
			.run((context) -> assertThat(context).hasSingleBean(MarketigerAuthSessionMetrics.class)
				.hasSingleBean(MarketigerAuthMetrics.class));
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).doesNotHaveBean(MarketigerAuthSessionMetrics.class));
	}

}
