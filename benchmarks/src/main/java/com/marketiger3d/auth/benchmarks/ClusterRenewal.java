package com.marketiger3d.auth.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.redis.RedisRefreshCoordinator;
import com.marketiger3d.auth.redis.RedisTokenStore;
import com.marketiger3d.auth.token.StoredTokenPair;
import com.marketiger3d.auth.token.TokenPair;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The cluster's renewal path on a real Redis: N instances in one JVM, each with its own
 * Redis connection, store, lease coordinator and {@link TokenRefreshService}, share one
 * session. In each round the shared clock jumps past the token's expiry and callers
 * arrive on every instance at once; one instance takes the lease and refreshes (the stub
 * answers after 50 ms), the others wait for its pair. For the callers of the other
 * instances it reports how long they waited beyond the refresh latency and how long after
 * the holder's write they got the new pair, and, from {@code MONITOR} on a
 * {@code redis-server} of its own (so that nothing else is counted), the Redis commands
 * per renewal on each instance. The first round starts with no token anywhere (a Login).
 * <p>
 * {@code java -jar benchmarks.jar cluster [rounds [instances...]]}, by default 30 rounds
 * with 2 and 4 instances and 20 callers per instance.
 */
public final class ClusterRenewal {

	private static final Duration LATENCY = Duration.ofMillis(50);

	private static final Duration LEASE_TIME = Duration.ofSeconds(5);

	private static final int CALLERS = 20;

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private ClusterRenewal() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 30;
		int[] sizes = (args.length > 1) ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
				: new int[] { 2, 4 };
		System.out
			.println("| instances | round | callers on other instances | beyond the refresh latency p50 / p99 / max ms"
					+ " | after the holder's write p50 / p99 / max ms | failed callers | refresh calls | Redis commands"
					+ " per renewal, holder / each other instance |");
		System.out.println("|---:|---|---:|---|---|---:|---:|---|");
		for (int size : sizes) {
			run(size, rounds);
		}
	}

	private static void run(int size, int rounds) throws Exception {
		int port = freePort();
		Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		SettableClock clock = new SettableClock();
		List<LettuceConnectionFactory> factories = new ArrayList<>();
		try (StubServer api = new StubServer(LATENCY, clock); Monitor monitor = Monitor.start(port)) {
			String prefix = "marketiger-bench:" + UUID.randomUUID() + ":";
			List<Instance> instances = new ArrayList<>();
			for (int i = 0; i < size; i++) {
				LettuceConnectionFactory factory = new LettuceConnectionFactory(
						new RedisStandaloneConfiguration("127.0.0.1", port),
						LettuceClientConfiguration.builder().clientName("instance-" + i).build());
				factory.afterPropertiesSet();
				factory.start();
				factories.add(factory);
				instances.add(new Instance(i, factory, prefix, api, clock));
			}
			for (Instance instance : instances) {
				// Connects, so that MONITOR can tell the instances apart.
				instance.store.load("warm-up").block(TIMEOUT);
			}
			monitor.learnClients();
			Round cold = round(instances, monitor, api, false, clock);
			System.out.println(cold.row(size, "first (no token yet: Login)"));
			List<Round> expiries = new ArrayList<>();
			for (int i = 0; i < rounds; i++) {
				expiries.add(round(instances, monitor, api, true, clock));
			}
			System.out.println(Round.merge(expiries).row(size, "after expiry, " + rounds + " rounds"));
		}
		finally {
			factories.forEach(LettuceConnectionFactory::destroy);
			redis.destroyForcibly();
			redis.waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static Round round(List<Instance> instances, Monitor monitor, StubServer api, boolean expire,
			SettableClock clock) throws IOException {
		if (expire) {
			clock.advance(StubServer.ACCESS_TOKEN_LIFETIME.plusSeconds(1));
		}
		instances.forEach((instance) -> instance.wroteAt.set(0));
		int refreshesBefore = api.refreshCalls();
		monitor.reset();
		List<long[]> calls = Flux.range(0, instances.size() * CALLERS).flatMap((i) -> {
			Instance instance = instances.get(i % instances.size());
			long start = System.nanoTime();
			return instance.service.accessToken()
				.map((token) -> new long[] { instance.index, start, System.nanoTime() })
				.onErrorReturn(new long[] { instance.index, start, -1 })
				.subscribeOn(Schedulers.parallel());
		}, instances.size() * CALLERS).collectList().block(TIMEOUT);
		Instance holder = instances.stream().filter((instance) -> instance.wroteAt.get() != 0).findFirst().orElse(null);
		Round round = new Round();
		round.refreshes = api.refreshCalls() - refreshesBefore;
		round.renewals = 1;
		Map<Integer, Integer> commands = monitor.counts();
		for (Instance instance : instances) {
			int count = commands.getOrDefault(instance.index, 0);
			if (instance == holder) {
				round.holderCommands += count;
			}
			else {
				round.otherCommands += count;
				round.others++;
			}
		}
		for (long[] call : calls) {
			if (holder != null && call[0] == holder.index) {
				continue;
			}
			if (call[2] < 0) {
				round.failed++;
				continue;
			}
			round.beyondLatency.add((call[2] - call[1]) / 1e6 - LATENCY.toMillis());
			if (holder != null) {
				round.afterWrite.add((call[2] - holder.wroteAt.get()) / 1e6);
			}
		}
		return round;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** One instance of the cluster, with its own Redis connection. */
	private static final class Instance {

		final int index;

		final TokenStore store;

		final TokenRefreshService service;

		/** When this instance's last write of a pair was answered. */
		final AtomicLong wroteAt = new AtomicLong();

		Instance(int index, LettuceConnectionFactory redis, String prefix, StubServer api, SettableClock clock) {
			this.index = index;
			RedisTokenStore redisStore = RedisTokenStore.builder(redis).keyPrefix(prefix).build();
			this.store = new TokenStore() {

				@Override
				public Mono<StoredTokenPair> load(String sessionKey) {
					return redisStore.load(sessionKey);
				}

				@Override
				public Mono<StoredTokenPair> replace(String sessionKey, long expectedVersion, TokenPair pair) {
					return redisStore.replace(sessionKey, expectedVersion, pair)
						.doOnNext((stored) -> Instance.this.wroteAt.set(System.nanoTime()));
				}

			};
			RedisRefreshCoordinator coordinator = RedisRefreshCoordinator.builder(redis)
				.keyPrefix(prefix)
				.leaseTime(LEASE_TIME)
				.maxCallDuration(LEASE_TIME.dividedBy(2))
				.build();
			MarketigerAuthClient client = MarketigerAuthClient.builder(URI.create(api.baseUrl())).clock(clock).build();
			this.service = TokenRefreshService.builder(client, this.store)
				.coordinator(coordinator)
				.clock(clock)
				.credentials(new Credentials("bench@marketiger3d.test", "bench-password"))
				.build();
		}

	}

	/** What one or more rounds measured. */
	private static final class Round {

		final List<Double> beyondLatency = new ArrayList<>();

		final List<Double> afterWrite = new ArrayList<>();

		int failed;

		int refreshes;

		int renewals;

		int holderCommands;

		int otherCommands;

		int others;

		static Round merge(List<Round> rounds) {
			Round merged = new Round();
			for (Round round : rounds) {
				merged.beyondLatency.addAll(round.beyondLatency);
				merged.afterWrite.addAll(round.afterWrite);
				merged.failed += round.failed;
				merged.refreshes += round.refreshes;
				merged.renewals += round.renewals;
				merged.holderCommands += round.holderCommands;
				merged.otherCommands += round.otherCommands;
				merged.others += round.others;
			}
			return merged;
		}

		String row(int size, String what) {
			return String.format("| %d | %s | %d | %s | %s | %d | %d | %.1f / %.1f |", size, what,
					this.beyondLatency.size(), percentiles(this.beyondLatency), percentiles(this.afterWrite),
					this.failed, this.refreshes, (double) this.holderCommands / this.renewals,
					(this.others != 0) ? (double) this.otherCommands / this.others : 0.0);
		}

		private static String percentiles(List<Double> values) {
			if (values.isEmpty()) {
				return "-";
			}
			double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
			return String.format("%.1f / %.1f / %.1f", at(sorted, 0.5), at(sorted, 0.99), sorted[sorted.length - 1]);
		}

		private static double at(double[] sorted, double quantile) {
			return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
		}

	}

	/**
	 * {@code MONITOR} on the benchmark's own Redis: counts the commands of each instance,
	 * told apart by the client name of its connection.
	 */
	private static final class Monitor implements AutoCloseable {

		private final int port;

		private final Socket socket;

		private final Map<String, Integer> instanceOfAddress = new ConcurrentHashMap<>();

		private final Map<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();

		private final Thread reader;

		private volatile String lastLine = "";

		private Monitor(int port) throws IOException {
			this.port = port;
			this.socket = new Socket("127.0.0.1", port);
			OutputStream out = this.socket.getOutputStream();
			out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			BufferedReader in = new BufferedReader(
					new InputStreamReader(this.socket.getInputStream(), StandardCharsets.US_ASCII));
			this.reader = new Thread(() -> read(in), "redis-monitor");
			this.reader.setDaemon(true);
			this.reader.start();
		}

		static Monitor start(int port) throws IOException, InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (true) {
				try {
					return new Monitor(port);
				}
				catch (IOException ex) {
					if (System.nanoTime() > deadline) {
						throw ex;
					}
					Thread.onSpinWait();
				}
			}
		}

		private void read(BufferedReader in) {
			try {
				String line;
				while ((line = in.readLine()) != null) {
					this.lastLine = line;
					int open = line.indexOf('[');
					int close = line.indexOf(']', open + 1);
					if (open < 0 || close < 0) {
						continue;
					}
					String[] client = line.substring(open + 1, close).split(" ");
					Integer instance = this.instanceOfAddress.get(client[client.length - 1]);
					if (instance != null) {
						this.counts.computeIfAbsent(instance, (key) -> new AtomicInteger()).incrementAndGet();
					}
				}
			}
			catch (IOException ex) {
				// closed
			}
		}

		/** Map each connection's address to its instance, from {@code CLIENT LIST}. */
		void learnClients() throws IOException {
			try (Socket list = new Socket("127.0.0.1", this.port)) {
				list.getOutputStream().write("CLIENT LIST\r\n".getBytes(StandardCharsets.US_ASCII));
				BufferedReader in = new BufferedReader(
						new InputStreamReader(list.getInputStream(), StandardCharsets.US_ASCII));
				int length = Integer.parseInt(in.readLine().substring(1));
				char[] body = new char[length];
				int read = 0;
				while (read < length) {
					read += in.read(body, read, length - read);
				}
				for (String client : new String(body).split("\n")) {
					Map<String, String> fields = new HashMap<>();
					for (String field : client.trim().split(" ")) {
						int equals = field.indexOf('=');
						if (equals > 0) {
							fields.put(field.substring(0, equals), field.substring(equals + 1));
						}
					}
					String name = fields.getOrDefault("name", "");
					if (name.startsWith("instance-")) {
						this.instanceOfAddress.put(fields.get("addr"),
								Integer.parseInt(name.substring("instance-".length())));
					}
				}
			}
		}

		/** Counts since the last reset, once MONITOR has caught up. */
		Map<Integer, Integer> counts() throws IOException {
			// MONITOR's stream trails the commands: an ECHO of our own marks the end.
			String marker = "end-" + UUID.randomUUID();
			try (Socket echo = new Socket("127.0.0.1", this.port)) {
				echo.getOutputStream().write(("ECHO " + marker + "\r\n").getBytes(StandardCharsets.US_ASCII));
				echo.getInputStream().read(new byte[64]);
			}
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (!this.lastLine.contains(marker) && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			Map<Integer, Integer> result = new HashMap<>();
			this.counts.forEach((instance, count) -> result.put(instance, count.get()));
			return result;
		}

		void reset() {
			this.counts.clear();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
