package com.marketiger3d.auth.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

import com.marketiger3d.auth.api.ApiOrigin;
import com.marketiger3d.auth.api.BearerHeader;
import com.marketiger3d.auth.api.IssuedTokens;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * Where the filter's bytes per request come from: each step of the hot path measured
 * alone with the JVM's per-thread allocation counter, after a warm-up, then the floor
 * with the filter's 401 check added to it. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar com.marketiger3d.auth.benchmarks.AllocationBreakdown}.
 * <p>
 * The counts are bytes, not time, so they do not depend on the machine's load; they can
 * differ from JMH's {@code gc.alloc.rate.norm} by a few objects that the JIT removes in
 * one loop and not in the other.
 */
public final class AllocationBreakdown {

	private static final int WARMUP = 200_000;

	private static final int MEASURED = 1_000_000;

	private static final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private static volatile Object sink;

	private AllocationBreakdown() {
	}

	public static void main(String[] args) {
		URI baseUrl = URI.create("https://devapi.marketiger3d.com/v2");
		String token = Jwts.issued(Instant.now(), Duration.ofDays(1));
		MarketigerFixture fixture = new MarketigerFixture(baseUrl, new IssuedTokens(token, Jwts.refreshToken()),
				Clock.systemUTC());
		ReadyExchange next = new ReadyExchange();
		ClientRequest request = ClientRequest.create(HttpMethod.GET, URI.create(baseUrl + "/Project/GetProjects"))
			.build();
		ConstantBearerFilter constantHeader = new ConstantBearerFilter(token);
		ApiOrigin origin = ApiOrigin.of(baseUrl);
		BearerHeader header = new BearerHeader();
		System.out.println("access token: " + token.length() + " characters");
		measure("next.exchange(request).block()", () -> next.exchange(request).block());
		measure("tokens.currentAccessToken()", () -> fixture.tokens.currentAccessToken());
		measure("origin.shouldAuthorize(url)", () -> origin.shouldAuthorize(request.url()));
		measure("header.valueFor(token)", () -> header.valueFor(token));
		measure("\"Bearer \" + token (what valueFor spares)", () -> "Bearer " + token);
		measure("ClientRequest.from(request), header set, build()",
				() -> ClientRequest.from(request)
					.headers((headers) -> headers.set(HttpHeaders.AUTHORIZATION, token))
					.build());
		measure("constant-header filter, block()", () -> constantHeader.filter(request, next).block());
		measure("... and .flatMap(response -> status check)",
				() -> constantHeader.filter(request, next)
					.flatMap((response) -> (response.statusCode().value() == 401) ? Mono.<ClientResponse>empty()
							: Mono.just(response))
					.block());
		measure("MarketigerAuthExchangeFilterFunction, block()", () -> fixture.filter.filter(request, next).block());
	}

	private static void measure(String step, Supplier<Object> operation) {
		for (int i = 0; i < WARMUP; i++) {
			sink = operation.get();
		}
		long thread = Thread.currentThread().getId();
		long before = threads.getThreadAllocatedBytes(thread);
		for (int i = 0; i < MEASURED; i++) {
			sink = operation.get();
		}
		long perOperation = (threads.getThreadAllocatedBytes(thread) - before) / MEASURED;
		System.out.println(String.format(Locale.ROOT, "%6d B  %s", perOperation, step));
	}

}
