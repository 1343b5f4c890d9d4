package com.marketiger3d.auth.benchmarks;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.marketiger3d.auth.api.ApiOrigin;
import com.marketiger3d.auth.api.BearerHeader;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.token.BlockingTokenAccess;
import com.marketiger3d.auth.token.TokenRefreshService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * Where the filter's time per request goes: the steps of its hot path alone, and the
 * floor with one operator added at a time, in the same run as the floor and the filter.
 * Not part of the default run:
 * {@code java -jar benchmarks/target/benchmarks.jar HotPathBreakdown -prof gc}; add
 * {@code -p contextPropagation=auto} to run it with Reactor's automatic context
 * propagation on, as Spring Boot's {@code spring.reactor.context-propagation=auto} sets
 * it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class HotPathBreakdownBenchmark {

	private static final URI BASE_URL = URI.create("https://devapi.marketiger3d.com/v2");

	/** {@code off}, Reactor's default, or {@code auto}. */
	@Param("off")
	public String contextPropagation;

	private final ReadyExchange next = new ReadyExchange();

	private final BearerHeader header = new BearerHeader();

	private final Clock clock = Clock.systemUTC();

	private String token;

	private String authorization;

	private ClientRequest request;

	private TokenRefreshService tokens;

	private BlockingTokenAccess blockingTokens;

	private ApiOrigin origin;

	private ExchangeFilterFunction filter;

	@Setup
	public void setUp() {
		if (this.contextPropagation.equals("auto")) {
			Hooks.enableAutomaticContextPropagation();
		}
		this.token = Jwts.issued(Instant.now(), Duration.ofDays(1));
		this.authorization = "Bearer " + this.token;
		this.request = ClientRequest.create(HttpMethod.GET, URI.create(BASE_URL + "/Project/GetProjects")).build();
		MarketigerFixture fixture = new MarketigerFixture(BASE_URL, new IssuedTokens(this.token, Jwts.refreshToken()),
				this.clock);
		this.tokens = fixture.tokens;
		this.blockingTokens = new BlockingTokenAccess(this.tokens);
		this.origin = ApiOrigin.of(BASE_URL);
		this.filter = fixture.filter;
	}

	/** The clock read that tells a fresh token from a stale one. */
	@Benchmark
	public long clockMillis() {
		return this.clock.millis();
	}

	/** The service's fresh path, as the filter asks it. */
	@Benchmark
	public String currentAccessToken() {
		return this.tokens.currentAccessToken();
	}

	/** The same, as the servlet interceptor asks it. */
	@Benchmark
	public String blockingAccessToken() {
		return this.blockingTokens.accessToken();
	}

	/** Whether the request may carry the token. */
	@Benchmark
	public boolean originCheck() {
		return this.origin.shouldAuthorize(this.request.url());
	}

	/** The header value, from the cache of the current token's. */
	@Benchmark
	public String bearerHeader() {
		return this.header.valueFor(this.token);
	}

	/** The floor: a constant header on a copy of the request. */
	@Benchmark
	public ClientResponse constantHeader() {
		return this.next.exchange(withAuthorization(this.authorization)).block();
	}

	/** The floor and Reactor's simplest operator, which could not replay. */
	@Benchmark
	public ClientResponse constantHeaderThenMap() {
		return this.next.exchange(withAuthorization(this.authorization)).map((response) -> response).block();
	}

	/** The floor and the filter's 401 check, a flatMap. */
	@Benchmark
	public ClientResponse constantHeaderThenStatusCheck() {
		return this.next.exchange(withAuthorization(this.authorization))
			.flatMap((response) -> (response.statusCode().value() == 401) ? Mono.<ClientResponse>empty()
					: Mono.just(response))
			.block();
	}

	/** The floor and the least a hand-written operator could do for the same check. */
	@Benchmark
	public ClientResponse constantHeaderThenHandWrittenCheck() {
		return new HandWrittenStatusCheck(this.next.exchange(withAuthorization(this.authorization))).block();
	}

	/** The whole filter. */
	@Benchmark
	public ClientResponse marketiger() {
		return this.filter.filter(this.request, this.next).block();
	}

	private ClientRequest withAuthorization(String value) {
		return ClientRequest.from(this.request)
			.headers((headers) -> headers.set(HttpHeaders.AUTHORIZATION, value))
			.build();
	}

}
