package com.marketiger3d.auth.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.marketiger3d.auth.api.IssuedTokens;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Requests per second through a {@link RestClient} to the local server of
 * {@link ThroughputBenchmark}: built as {@code marketigerRestClient} is (our interceptor
 * on a builder with the base URL), and the same {@code RestClient} with a constant
 * {@code Authorization} default header instead, or with an interceptor that sets a
 * constant header ({@code constantInterceptor}); over the JDK's {@link HttpClient}
 * ({@code client=jdk}) or Reactor Netty ({@code client=reactor}). Four blocking threads,
 * each benchmark in its own fork, twelve warm-up seconds as for the {@code WebClient}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 12, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(4)
@State(Scope.Benchmark)
public class RestClientThroughputBenchmark {

	@Param({ "jdk", "reactor" })
	public String client;

	private StubServer server;

	private RestClient constantHeader;

	private RestClient constantInterceptor;

	private RestClient marketiger;

	@Setup
	public void setUp() {
		this.server = new StubServer(Duration.ofMillis(50));
		String accessToken = Jwts.issued(Instant.now(), Duration.ofDays(1));
		this.server.acceptBearer(accessToken);
		URI baseUrl = URI.create(this.server.baseUrl());
		this.constantHeader = RestClient.builder()
			.requestFactory(requestFactory())
			.baseUrl(this.server.baseUrl())
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
			.build();
		this.constantInterceptor = RestClient.builder()
			.requestFactory(requestFactory())
			.baseUrl(this.server.baseUrl())
			.requestInterceptor(new ConstantBearerInterceptor(accessToken))
			.build();
		this.marketiger = RestClient.builder()
			.requestFactory(requestFactory())
			.baseUrl(this.server.baseUrl())
			.requestInterceptor(new MarketigerFixture(baseUrl, new IssuedTokens(accessToken, Jwts.refreshToken()),
					Clock.systemUTC()).interceptor)
			.build();
		// Fails the run at once if either client is refused by the server.
		constantHeader();
		constantInterceptor();
		marketiger();
	}

	private ClientHttpRequestFactory requestFactory() {
		return switch (this.client) {
			case "jdk" -> new JdkClientHttpRequestFactory();
			case "reactor" -> new ReactorClientHttpRequestFactory();
			default -> throw new IllegalArgumentException("client must be jdk or reactor, not " + this.client);
		};
	}

	@TearDown
	public void tearDown() {
		this.server.close();
	}

	@Benchmark
	public String constantHeader() {
		return this.constantHeader.get().uri("/Project/GetProjects").retrieve().body(String.class);
	}

	/** The floor of any interceptor: one that sets a constant header. */
	@Benchmark
	public String constantInterceptor() {
		return this.constantInterceptor.get().uri("/Project/GetProjects").retrieve().body(String.class);
	}

	@Benchmark
	public String marketiger() {
		return this.marketiger.get().uri("/Project/GetProjects").retrieve().body(String.class);
	}

}
