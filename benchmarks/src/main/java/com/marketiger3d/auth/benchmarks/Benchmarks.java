package com.marketiger3d.auth.benchmarks;

import java.util.Arrays;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every benchmark: {@code java -jar benchmarks/target/benchmarks.jar}.
 * <ul>
 * <li>no argument: the hot path with the GC profiler, the end-to-end throughput in pairs
 * of runs (four of the {@code WebClient}, two of the {@code RestClient} over each HTTP
 * client), then the expiry storm;</li>
 * <li>{@code storm [callers...]}: the expiry storm only;</li>
 * <li>{@code cluster [rounds [instances...]]}: the cluster's renewal path on a Redis of
 * its own (see {@link ClusterRenewal}; not in the default run);</li>
 * <li>{@code memory [sessions...]}: the heap held per user session only (see
 * {@link SessionMemory});</li>
 * <li>{@code throughput-servlet [rounds]}: the same for {@code RestClient}, over the JDK
 * client and over Reactor Netty;</li>
 * <li>{@code throughput [rounds]}: the end-to-end throughput in pairs of runs only (see
 * {@link ThroughputPairs});</li>
 * <li>anything else: handed to JMH as on its command line, for example
 * {@code HotPathBenchmark -prof gc} or {@code -h}.</li>
 * </ul>
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("storm")) {
			ExpiryStorm.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (args.length > 0 && args[0].equals("cluster")) {
			ClusterRenewal.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (args.length > 0 && args[0].equals("memory")) {
			SessionMemory.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (args.length > 0 && args[0].equals("throughput-servlet")) {
			ThroughputPairs.servlet(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (args.length > 0 && args[0].equals("throughput")) {
			ThroughputPairs.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (args.length > 0) {
			org.openjdk.jmh.Main.main(args);
			return;
		}
		Options hotPath = new OptionsBuilder().include(HotPathBenchmark.class.getName())
			.addProfiler(GCProfiler.class)
			.build();
		new Runner(hotPath).run();
		ThroughputPairs.main(new String[0]);
		ThroughputPairs.servlet(new String[] { "2" });
		ExpiryStorm.main(new String[0]);
	}

}
