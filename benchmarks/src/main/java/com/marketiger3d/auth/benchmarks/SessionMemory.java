package com.marketiger3d.auth.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.token.StoredTokenPair;
import com.marketiger3d.auth.token.TokenPair;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenServiceSettings;
import com.marketiger3d.auth.token.TokenSessions;
import com.marketiger3d.auth.token.TokenStore;
import com.marketiger3d.auth.token.TokenTiming;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.info.GraphStats;
import org.openjdk.jol.util.Multiset;
import reactor.core.publisher.Mono;

/**
 * Heap held by {@link TokenSessions} per user session: {@code java -cp
 * benchmarks/target/benchmarks.jar com.marketiger3d.auth.benchmarks.SessionMemory
 * [sessions...]} (or {@code java -jar benchmarks/target/benchmarks.jar memory}).
 * <p>
 * For each count, N users' pairs are put in a store that, like Redis, hands out a new
 * copy of a pair on each read, so that what a session holds is its own. Then each session
 * is made ({@link TokenSessions#session}: "connected"), and then each is used once
 * ({@code accessToken()}: "used", its pair read from the store and kept). Each time, the
 * object graph of the {@link TokenSessions} is measured with JOL, less what every session
 * shares and the store, and so is the used heap after a full GC.
 */
public final class SessionMemory {

	private static final int DEFAULT_REFRESH_TOKEN_LENGTH = 176;

	private SessionMemory() {
	}

	public static void main(String[] args) throws Exception {
		// JOL reads fields of lambdas (hidden classes) this way on JDK 17
		System.setProperty("jol.magicFieldOffset", "true");
		int[] counts = (args.length > 0) ? java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
				: new int[] { 1_000, 10_000, 100_000 };
		System.out.printf("%n# Sessions in memory (JOL; JVM %s, %s)%n%n", System.getProperty("java.vm.version"),
				org.openjdk.jol.vm.VM.current().details().split("\n")[0]);
		for (int count : counts) {
			// The class table comes from addresses, which a collection during the walk of
			// a large graph can mix up: it is taken at 10,000 sessions or fewer
			measure(count, count == Math.min(10_000, counts[counts.length - 1]));
		}
	}

	private static void measure(int count, boolean breakdown) {
		CopyingStore store = new CopyingStore();
		MarketigerAuthClient client = MarketigerAuthClient.builder(URI.create("http://127.0.0.1:9/v2")).build();
		TokenServiceSettings settings = TokenRefreshService.builder(client, store).settings();
		TokenTiming timing = settings.timing();
		Instant now = Instant.now();
		long tokenChars = 0;
		for (int i = 0; i < count; i++) {
			String access = Jwts.issued(now, Duration.ofHours(1));
			String refresh = refreshToken();
			tokenChars += access.length() + refresh.length();
			store.put("user-" + i, timing.issued(new IssuedTokens(access, refresh), now));
		}
		long heapBefore = usedHeapAfterGc();
		TokenSessions sessions = new TokenSessions(settings, Duration.ofHours(1), count + 1, false);
		// Used heap first: the layouts themselves take more than what they measure
		long heapEmpty = usedHeapAfterGc() - heapBefore;
		long empty = retained(sessions, settings);
		// What the class table subtracts: the shared parts, the scheduler and its threads
		GraphLayout emptyLayout = GraphLayout.parseInstance(sessions);
		Multiset<Class<?>> emptySizes = emptyLayout.getClassSizes();
		Multiset<Class<?>> emptyCounts = emptyLayout.getClassCounts();
		emptyLayout = null;
		for (int i = 0; i < count; i++) {
			sessions.session("user-" + i);
		}
		long heapConnected = usedHeapAfterGc() - heapBefore - heapEmpty;
		long connected = retained(sessions, settings);
		for (int i = 0; i < count; i++) {
			sessions.session("user-" + i).accessToken().block(Duration.ofSeconds(10));
		}
		long heapUsed = usedHeapAfterGc() - heapBefore - heapEmpty;
		long used = retained(sessions, settings);
		if (sessions.activeCount() != count) {
			throw new IllegalStateException(sessions.activeCount() + " sessions in memory, not " + count);
		}
		// Latin-1 strings: one byte per character
		System.out.printf("%,d sessions: token text %,d B per session%n", count, tokenChars / count);
		System.out.printf("| state | JOL total | JOL per session | used heap after GC | per session |%n");
		System.out.printf("|---|---:|---:|---:|---:|%n");
		row("connected", connected - empty, heapConnected, count);
		row("used once", used - empty, heapUsed, count);
		System.out.printf("(the sessions object with no session, its scheduler included: %,d B)%n%n", empty);
		if (breakdown) {
			System.out.printf("Per session after one use, by class (%,d sessions):%n%n", count);
			System.out.printf("| class | instances per session | B per session |%n|---|---:|---:|%n");
			GraphLayout all = GraphLayout.parseInstance(sessions);
			List<Class<?>> classes = new ArrayList<>(all.getClasses());
			classes.sort(Comparator.comparingLong((Class<?> c) -> all.getClassSizes().count(c) - emptySizes.count(c))
				.reversed());
			for (Class<?> klass : classes) {
				double instances = (double) (all.getClassCounts().count(klass) - emptyCounts.count(klass)) / count;
				double bytes = (double) (all.getClassSizes().count(klass) - emptySizes.count(klass)) / count;
				if (bytes >= 0.5) {
					System.out.printf("| %s | %.2f | %.1f |%n", klass.getName(), instances, bytes);
				}
			}
			System.out.println();
		}
		sessions.close();
	}

	/**
	 * Return the bytes the sessions object reaches, less what {@link #shared} reaches (by
	 * size, not by address: objects move while a large graph is walked).
	 */
	private static long retained(TokenSessions sessions, TokenServiceSettings settings) {
		return GraphStats.parseInstance(sessions).totalSize() - GraphStats
			.parseInstance(settings.client(), settings.store(), settings.coordinator(), settings.timing(),
					settings.retryPolicy(), settings.clock(), settings.events())
			.totalSize();
	}

	private static void row(String state, long jolBytes, long heapBytes, int count) {
		System.out.printf("| %s | %.1f MB | %,d B | %.1f MB | %,d B |%n", state, jolBytes / 1e6, jolBytes / count,
				heapBytes / 1e6, heapBytes / count);
	}

	private static String refreshToken() {
		byte[] bytes = new byte[DEFAULT_REFRESH_TOKEN_LENGTH * 3 / 4];
		ThreadLocalRandom.current().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static long usedHeapAfterGc() {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	/**
	 * A store that hands out a new copy of a pair on each read, as one over the network
	 * does: a session's pair is then its own, not the store's.
	 */
	private static final class CopyingStore implements TokenStore {

		private final Map<String, StoredTokenPair> pairs = new ConcurrentHashMap<>();

		void put(String sessionKey, TokenPair pair) {
			this.pairs.put(sessionKey, new StoredTokenPair(pair, 1));
		}

		@Override
		public Mono<StoredTokenPair> load(String sessionKey) {
			return Mono.fromSupplier(() -> this.pairs.get(sessionKey)).map(CopyingStore::copy);
		}

		@Override
		public Mono<StoredTokenPair> replace(String sessionKey, long expectedVersion, TokenPair pair) {
			return Mono.error(new UnsupportedOperationException("read only"));
		}

		@Override
		public Mono<Void> delete(String sessionKey) {
			return Mono.fromRunnable(() -> this.pairs.remove(sessionKey));
		}

		private static StoredTokenPair copy(StoredTokenPair stored) {
			TokenPair pair = stored.pair();
			// New arrays and instants, as a decoded answer would have
			return new StoredTokenPair(new TokenPair(String.valueOf(pair.accessToken().toCharArray()),
					String.valueOf(pair.refreshToken().toCharArray()), copy(pair.obtainedAt()),
					copy(pair.accessTokenExpiresAt()), copy(pair.refreshTokenExpiresAt())), stored.version());
		}

		private static Instant copy(Instant instant) {
			return Instant.ofEpochSecond(instant.getEpochSecond(), instant.getNano());
		}

	}

}
