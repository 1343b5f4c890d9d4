package com.marketiger3d.auth.benchmarks;

import java.net.URI;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * Cost per request of putting a fresh token on a request, filter only: the exchange
 * behind the filter answers at once, without network. Run with {@code -prof gc} for the
 * bytes allocated per request ({@code gc.alloc.rate.norm}).
 * <ul>
 * <li>{@code constantHeader}: the floor, a filter that sets a header built once;</li>
 * <li>{@code marketiger}: {@code MarketigerAuthExchangeFilterFunction} with a fresh
 * token;</li>
 * <li>{@code springSecurity}: Spring Security's
 * {@code ServerOAuth2AuthorizedClientExchangeFilterFunction} with a non-expired
 * authorized client held in memory.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class HotPathBenchmark {

	private static final URI BASE_URL = URI.create("https://devapi.marketiger3d.com/v2");

	private final ReadyExchange next = new ReadyExchange();

	private ClientRequest request;

	private ExchangeFilterFunction constantHeader;

	private ExchangeFilterFunction marketiger;

	private ExchangeFilterFunction springSecurity;

	@Setup
	public void setUp() {
		String accessToken = Jwts.issued(Instant.now(), Duration.ofDays(1));
		String refreshToken = Jwts.refreshToken();
		this.request = ClientRequest.create(HttpMethod.GET, URI.create(BASE_URL + "/Project/GetProjects")).build();
		this.constantHeader = new ConstantBearerFilter(accessToken);
		this.marketiger = new MarketigerFixture(BASE_URL, new IssuedTokens(accessToken, refreshToken),
				Clock.systemUTC()).filter;
		this.springSecurity = new SpringSecurityFixture("https://auth.marketiger3d.test/oauth2/token", accessToken,
				refreshToken).filter;
		for (ExchangeFilterFunction filter : new ExchangeFilterFunction[] { this.constantHeader, this.marketiger,
				this.springSecurity }) {
			this.next.last = null;
			filter.filter(this.request, this.next).block();
			if (!("Bearer " + accessToken).equals(this.next.lastAuthorization())) {
				throw new IllegalStateException(filter + " did not set the bearer token");
			}
		}
	}

	@Benchmark
	public ClientResponse constantHeader() {
		return this.constantHeader.filter(this.request, this.next).block();
	}

	@Benchmark
	public ClientResponse marketiger() {
		return this.marketiger.filter(this.request, this.next).block();
	}

	@Benchmark
	public ClientResponse springSecurity() {
		return this.springSecurity.filter(this.request, this.next).block();
	}

}
