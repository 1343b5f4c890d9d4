package com.marketiger3d.auth.benchmarks;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.token.TokenRefreshService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * Where the filter's time per request goes: the steps of its hot path, and its shape
 * rebuilt one operator at a time, in the same run as the constant-header floor. Not part
 * of the default run:
 * {@code java -jar benchmarks/target/benchmarks.jar HotPathBreakdown}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class HotPathBreakdownBenchmark {

	private static final URI BASE_URL = URI.create("https://devapi.marketiger3d.com/v2");

	private final ReadyExchange next = new ReadyExchange();

	private String token;

	private String authorization;

	private ClientRequest request;

	private TokenRefreshService tokens;

	@Setup
	public void setUp() {
		this.token = Jwts.issued(Instant.now(), Duration.ofDays(1));
		this.authorization = "Bearer " + this.token;
		this.request = ClientRequest.create(HttpMethod.GET, URI.create(BASE_URL + "/Project/GetProjects")).build();
		this.tokens = new MarketigerFixture(BASE_URL, new IssuedTokens(this.token, Jwts.refreshToken()),
				Clock.systemUTC()).tokens;
	}

	/** The service's fresh path, subscribed and blocked on. */
	@Benchmark
	public String accessToken() {
		return this.tokens.accessToken().block();
	}

	/** The header value, built per request as the filter does. */
	@Benchmark
	public String bearerHeader() {
		return "Bearer " + this.token;
	}

	/** The floor: a constant header on a copy of the request. */
	@Benchmark
	public ClientResponse constantHeader() {
		return this.next.exchange(withAuthorization(this.authorization)).block();
	}

	/** The token from the service, then the floor's work: the outer flatMap alone. */
	@Benchmark
	public ClientResponse tokenThenConstantHeader() {
		return this.tokens.accessToken()
			.flatMap((value) -> this.next.exchange(withAuthorization(this.authorization)))
			.block();
	}

	/** As above, with the header built from the token per request. */
	@Benchmark
	public ClientResponse tokenThenBearer() {
		return this.tokens.accessToken()
			.flatMap((value) -> this.next.exchange(withAuthorization("Bearer " + value)))
			.block();
	}

	/** As above, with the filter's 401 check as an inner flatMap: the filter's shape. */
	@Benchmark
	public ClientResponse tokenThenBearerThenStatusCheck() {
		return this.tokens.accessToken()
			.flatMap((value) -> this.next.exchange(withAuthorization("Bearer " + value))
				.flatMap((response) -> (response.statusCode().value() == 401) ? Mono.<ClientResponse>empty()
						: Mono.just(response)))
			.block();
	}

	private ClientRequest withAuthorization(String value) {
		return ClientRequest.from(this.request)
			.headers((headers) -> headers.set(HttpHeaders.AUTHORIZATION, value))
			.build();
	}

}
