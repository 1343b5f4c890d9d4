package com.marketiger3d.auth.benchmarks;

import java.io.IOException;
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
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * Cost per request of putting a fresh token on a request, filter only: the exchange
 * behind the filter answers at once, without network. Run with {@code -prof gc} for the
 * bytes allocated per request ({@code gc.alloc.rate.norm}).
 * <ul>
 * <li>{@code constantHeader}: the floor, a filter that sets a header built once, on a
 * copy of the request as {@code ClientRequest.from} makes it (the usual way, and Spring's
 * own);</li>
 * <li>{@code constantHeaderView}: a floor that sets its header on a view of the request,
 * the way our filter does: against it, what is left is the token work;</li>
 * <li>{@code marketiger}: {@code MarketigerAuthExchangeFilterFunction} with a fresh
 * token;</li>
 * <li>{@code constantHeaderWritten}, {@code constantHeaderViewWritten},
 * {@code marketigerWritten}: the same three, with an exchange that also writes the
 * request into an empty {@code ClientHttpRequest}, as a real exchange does before it
 * sends it (our filter puts its header on the request then);</li>
 * <li>{@code springSecurity}: Spring Security's
 * {@code ServerOAuth2AuthorizedClientExchangeFilterFunction} with a non-expired
 * authorized client held in memory;</li>
 * <li>{@code constantHeaderInterceptor}: the floor of a {@code RestClient} interceptor,
 * which sets a header built once on a copy of the request's headers;</li>
 * <li>{@code marketigerInterceptor}: {@code MarketigerAuthClientHttpRequestInterceptor}
 * with a fresh token.</li>
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

	private final WritingExchange writing = new WritingExchange();

	private ClientRequest request;

	private ExchangeFilterFunction constantHeader;

	private ExchangeFilterFunction constantHeaderView;

	private ExchangeFilterFunction marketiger;

	private ExchangeFilterFunction springSecurity;

	private final ReadyExecution execution = new ReadyExecution();

	private final byte[] body = new byte[0];

	private HttpRequest servletRequest;

	private ClientHttpRequestInterceptor constantHeaderInterceptor;

	private ClientHttpRequestInterceptor marketigerInterceptor;

	@Setup
	public void setUp() throws IOException {
		String accessToken = Jwts.issued(Instant.now(), Duration.ofDays(1));
		String refreshToken = Jwts.refreshToken();
		this.request = ClientRequest.create(HttpMethod.GET, URI.create(BASE_URL + "/Project/GetProjects")).build();
		this.constantHeader = new ConstantBearerFilter(accessToken);
		this.constantHeaderView = new ConstantBearerView(accessToken);
		MarketigerFixture fixture = new MarketigerFixture(BASE_URL, new IssuedTokens(accessToken, refreshToken),
				Clock.systemUTC());
		this.marketiger = fixture.filter;
		this.springSecurity = new SpringSecurityFixture("https://auth.marketiger3d.test/oauth2/token", accessToken,
				refreshToken).filter;
		for (ExchangeFilterFunction filter : new ExchangeFilterFunction[] { this.constantHeader,
				this.constantHeaderView, this.marketiger, this.springSecurity }) {
			this.next.last = null;
			filter.filter(this.request, this.next).block();
			if (!("Bearer " + accessToken).equals(this.next.lastAuthorization())) {
				throw new IllegalStateException(filter + " did not set the bearer token");
			}
			this.writing.last = null;
			filter.filter(this.request, this.writing).block();
			if (!("Bearer " + accessToken).equals(this.writing.lastAuthorization())) {
				throw new IllegalStateException(filter + " did not write the bearer token");
			}
		}
		this.servletRequest = new ReadyExecution.Request(HttpMethod.GET, URI.create(BASE_URL + "/Project/GetProjects"));
		this.constantHeaderInterceptor = new ConstantBearerInterceptor(accessToken);
		this.marketigerInterceptor = fixture.interceptor;
		for (ClientHttpRequestInterceptor interceptor : new ClientHttpRequestInterceptor[] {
				this.constantHeaderInterceptor, this.marketigerInterceptor }) {
			this.execution.last = null;
			interceptor.intercept(this.servletRequest, this.body, this.execution);
			if (!("Bearer " + accessToken).equals(this.execution.lastAuthorization())) {
				throw new IllegalStateException(interceptor + " did not set the bearer token");
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
	public ClientResponse constantHeaderView() {
		return this.constantHeaderView.filter(this.request, this.next).block();
	}

	@Benchmark
	public ClientResponse constantHeaderViewWritten() {
		return this.constantHeaderView.filter(this.request, this.writing).block();
	}

	@Benchmark
	public ClientResponse constantHeaderWritten() {
		return this.constantHeader.filter(this.request, this.writing).block();
	}

	@Benchmark
	public ClientResponse marketigerWritten() {
		return this.marketiger.filter(this.request, this.writing).block();
	}

	@Benchmark
	public ClientResponse springSecurity() {
		return this.springSecurity.filter(this.request, this.next).block();
	}

	@Benchmark
	public ClientHttpResponse constantHeaderInterceptor() throws IOException {
		return this.constantHeaderInterceptor.intercept(this.servletRequest, this.body, this.execution);
	}

	@Benchmark
	public ClientHttpResponse marketigerInterceptor() throws IOException {
		return this.marketigerInterceptor.intercept(this.servletRequest, this.body, this.execution);
	}

}
