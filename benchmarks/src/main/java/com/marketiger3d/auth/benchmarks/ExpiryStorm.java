package com.marketiger3d.auth.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.token.TokenPair;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * The expiry storm: N callers arrive together just after the access token expired, and
 * the refresh endpoint (a local stub) takes 50 ms to answer. For each N, and for our
 * filter and Spring Security's, it prints how many refresh calls reached the endpoint per
 * storm, how many of them replayed a spent refresh token, and the callers' latency
 * percentiles, from the moment a caller subscribed to the moment its request left the
 * filter with a token.
 * <p>
 * The stub holds its refresh answers until every caller of the storm has subscribed
 * ("arrival ms" in the table: the time the storm's callers take to arrive), so that all N
 * callers find the token expired and none finds a new one already in place: the worst
 * case for a filter without single flight, and the case the single flight exists for.
 * Early callers therefore wait the arrival time on top of the refresh latency.
 * <p>
 * A plain program rather than a JMH benchmark: what matters is a count and a latency
 * distribution over N concurrent callers, dominated by a 50 ms network wait, where JMH
 * would report one time per storm. Each contender is warmed up with unreported storms
 * first.
 * <p>
 * Arguments: the caller counts, for example {@code 10 100 1000 10000} (the default).
 */
public final class ExpiryStorm {

	private static final int[] DEFAULT_CALLERS = { 10, 100, 1000, 10000 };

	private static final int STORMS = 5;

	private static final int WARMUP_STORMS = 20;

	private static final int WARMUP_CALLERS = 100;

	private static final Duration REFRESH_LATENCY = Duration.ofMillis(50);

	private static final Set<String> FAILURES = ConcurrentHashMap.newKeySet();

	private static final Logger QUIET = Logger.getLogger("com.marketiger3d.auth");

	private ExpiryStorm() {
	}

	public static void main(String[] args) throws Exception {
		int[] callerCounts = (args.length > 0) ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
				: DEFAULT_CALLERS;
		// One line per refresh at INFO would drown the table.
		QUIET.setLevel(Level.WARNING);
		List<String> rows = new ArrayList<>();
		try (StubServer server = new StubServer(REFRESH_LATENCY)) {
			for (Contender contender : List.of(marketiger(server), springSecurity(server))) {
				for (int i = 0; i < WARMUP_STORMS; i++) {
					storm(contender, server, WARMUP_CALLERS);
				}
				for (int callers : callerCounts) {
					List<StormResult> results = new ArrayList<>();
					for (int i = 0; i < STORMS; i++) {
						results.add(storm(contender, server, callers));
					}
					rows.add(row(contender.name, callers, results));
				}
			}
		}
		System.out.println();
		System.out.println("Expiry storm: refresh endpoint latency " + REFRESH_LATENCY.toMillis() + " ms, " + STORMS
				+ " storms per row, latencies over all callers of those storms");
		System.out.println();
		System.out.println("| filter | callers | arrival ms | refresh calls per storm"
				+ " | replayed refresh tokens per storm | failed callers | sent the expired token"
				+ " | p50 ms | p99 ms | max ms |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
		rows.forEach(System.out::println);
		if (!FAILURES.isEmpty()) {
			System.out.println();
			System.out.println("First failure of each storm that had one:");
			FAILURES.stream().sorted().distinct().forEach((failure) -> System.out.println("- " + failure));
		}
	}

	private static Contender marketiger(StubServer server) {
		SettableClock clock = new SettableClock();
		Duration lifetime = StubServer.ACCESS_TOKEN_LIFETIME;
		MarketigerFixture fixture = new MarketigerFixture(URI.create(server.baseUrl()),
				new IssuedTokens(Jwts.issued(Instant.now(), lifetime), Jwts.refreshToken()), clock);
		Supplier<String> current = () -> fixture.tokens.currentTokens().map(TokenPair::accessToken).orElseThrow();
		// Past the expiry, the pair is expired for every caller at once.
		return new Contender("marketiger", () -> clock.advance(lifetime.plusMinutes(1)), fixture.filter, current);
	}

	private static Contender springSecurity(StubServer server) {
		SpringSecurityFixture fixture = new SpringSecurityFixture(server.tokenUri(),
				Jwts.issued(Instant.now(), StubServer.ACCESS_TOKEN_LIFETIME), Jwts.refreshToken());
		return new Contender("spring-security", fixture::expireAccessToken, fixture.filter, fixture::accessToken);
	}

	private static StormResult storm(Contender contender, StubServer server, int callers) throws InterruptedException {
		contender.expire.run();
		String expiredAuthorization = "Bearer " + contender.currentAccessToken.get();
		AtomicInteger sentExpired = new AtomicInteger();
		Mono<ClientResponse> ok = Mono.just(ClientResponse.create(HttpStatus.OK).build());
		ExchangeFunction api = (request) -> {
			if (expiredAuthorization.equals(request.headers().getFirst(HttpHeaders.AUTHORIZATION))) {
				sentExpired.incrementAndGet();
			}
			return ok;
		};
		ClientRequest request = ClientRequest
			.create(HttpMethod.GET, URI.create(server.baseUrl() + "/Project/GetProjects"))
			.build();
		server.resetCounts();
		Sinks.Empty<Void> allArrived = Sinks.empty();
		server.holdRefreshAnswersUntil(allArrived.asMono());
		long[] latencies = new long[callers];
		AtomicInteger failures = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(callers);
		long firstArrival = System.nanoTime();
		for (int i = 0; i < callers; i++) {
			int caller = i;
			long start = System.nanoTime();
			contender.filter.filter(request, api).subscribe((response) -> {
				latencies[caller] = System.nanoTime() - start;
				done.countDown();
			}, (failure) -> {
				latencies[caller] = System.nanoTime() - start;
				if (failures.incrementAndGet() == 1) {
					FAILURES.add(contender.name + ", " + callers + " callers: " + failure);
				}
				done.countDown();
			});
		}
		long arrival = System.nanoTime() - firstArrival;
		allArrived.tryEmitEmpty();
		if (!done.await(2, TimeUnit.MINUTES)) {
			throw new IllegalStateException(contender.name + ": " + done.getCount() + " of " + callers
					+ " callers still waiting after 2 minutes");
		}
		return new StormResult(server.refreshCalls(), server.replayedRefreshTokens(), failures.get(), sentExpired.get(),
				arrival, latencies);
	}

	private static String row(String name, int callers, List<StormResult> results) {
		long[] all = results.stream().flatMapToLong((result) -> Arrays.stream(result.latencies)).sorted().toArray();
		long arrival = results.stream().mapToLong(StormResult::arrivalNanos).max().orElse(0);
		return String.format(Locale.ROOT, "| %s | %d | %.1f | %s | %s | %d | %d | %.1f | %.1f | %.1f |", name, callers,
				millis(arrival), range(results.stream().mapToInt(StormResult::refreshCalls).toArray()),
				range(results.stream().mapToInt(StormResult::replayedRefreshTokens).toArray()),
				results.stream().mapToInt(StormResult::failures).sum(),
				results.stream().mapToInt(StormResult::sentExpired).sum(), millis(percentile(all, 0.50)),
				millis(percentile(all, 0.99)), millis(all[all.length - 1]));
	}

	private static String range(int[] values) {
		int min = Arrays.stream(values).min().orElse(0);
		int max = Arrays.stream(values).max().orElse(0);
		return (min == max) ? Integer.toString(min) : min + "–" + max;
	}

	private static long percentile(long[] sorted, double fraction) {
		int rank = (int) Math.ceil(fraction * sorted.length);
		return sorted[Math.max(0, rank - 1)];
	}

	private static double millis(long nanos) {
		return nanos / 1_000_000.0;
	}

	private record Contender(String name, Runnable expire, ExchangeFilterFunction filter,
			Supplier<String> currentAccessToken) {
	}

	private record StormResult(int refreshCalls, int replayedRefreshTokens, int failures, int sentExpired,
			long arrivalNanos, long[] latencies) {
	}

}
