package com.marketiger3d.auth.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * {@link ThroughputBenchmark} as pairs of runs, one client right after the other, the
 * order swapped every round: {@code java -jar benchmarks/target/benchmarks.jar throughput
 * [rounds]}; {@link RestClientThroughputBenchmark} likewise, over each HTTP client in
 * turn, with {@code throughput-servlet [rounds]}.
 * <p>
 * Run one after the other, all forks of one client and then all of the other, the two
 * meet different moments of a shared machine's load, which moved the ratio by more than
 * the 5% it is meant to show. The ratio of each pair is taken between two runs seconds
 * apart; the median of the pairs is the result.
 */
final class ThroughputPairs {

	private static final String WEB_CLIENT = ThroughputBenchmark.class.getName();

	private static final String REST_CLIENT = RestClientThroughputBenchmark.class.getName();

	private ThroughputPairs() {
	}

	public static void main(String[] args) throws RunnerException {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 4;
		pairs("WebClient", WEB_CLIENT, ".constantHeader$", null, rounds);
	}

	/**
	 * The servlet pairs: {@code marketigerRestClient} over each HTTP client, against a
	 * constant default header, or with {@code interceptor} as the second argument against
	 * a constant-header interceptor.
	 */
	static void servlet(String[] args) throws RunnerException {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 4;
		String floor = (args.length > 1 && args[1].equals("interceptor")) ? ".constantInterceptor$"
				: ".constantHeader$";
		for (String client : new String[] { "jdk", "reactor" }) {
			pairs("RestClient over " + client + ", against " + floor.substring(1, floor.length() - 1), REST_CLIENT,
					floor, client, rounds);
		}
	}

	private static void pairs(String title, String benchmark, String floor, @Nullable String client, int rounds)
			throws RunnerException {
		List<double[]> pairs = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			boolean constantFirst = round % 2 == 0;
			double first = requestsPerSecond(benchmark + (constantFirst ? floor : ".marketiger$"), client);
			double second = requestsPerSecond(benchmark + (constantFirst ? ".marketiger$" : floor), client);
			pairs.add(constantFirst ? new double[] { first, second } : new double[] { second, first });
		}
		System.out.println();
		System.out.println(title + ":");
		System.out.println();
		System.out.println("| round | constant header, requests/s | marketiger, requests/s | ratio |");
		System.out.println("|---:|---:|---:|---:|");
		List<Double> ratios = new ArrayList<>();
		for (int round = 0; round < pairs.size(); round++) {
			double[] pair = pairs.get(round);
			double ratio = pair[1] / pair[0];
			ratios.add(ratio);
			System.out.println(
					String.format(Locale.ROOT, "| %d | %,.0f | %,.0f | %.3f |", round + 1, pair[0], pair[1], ratio));
		}
		ratios.sort(null);
		int middle = ratios.size() / 2;
		double median = (ratios.size() % 2 == 1) ? ratios.get(middle)
				: (ratios.get(middle - 1) + ratios.get(middle)) / 2;
		System.out.println(String.format(Locale.ROOT, "median ratio %.3f, lowest %.3f, highest %.3f", median,
				ratios.get(0), ratios.get(ratios.size() - 1)));
	}

	private static double requestsPerSecond(String benchmark, @Nullable String client) throws RunnerException {
		ChainedOptionsBuilder builder = new OptionsBuilder().include(benchmark).forks(1);
		if (client != null) {
			builder.param("client", client);
		}
		Options options = builder.build();
		RunResult result = new Runner(options).runSingle();
		return result.getPrimaryResult().getScore();
	}

}
