package com.marketiger3d.auth.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The Redis the tests run against: {@code 127.0.0.1:6379} when it answers (CI starts it),
 * else a Testcontainers {@code redis:7} container when Docker is available. Neither is a
 * failure, never a skip.
 */
public final class TestRedis {

	private static final String LOCAL_HOST = "127.0.0.1";

	private static final int LOCAL_PORT = 6379;

	private static volatile InetSocketAddress address;

	private TestRedis() {
	}

	/**
	 * The address of the shared test Redis.
	 */
	public static synchronized InetSocketAddress address() {
		if (address == null) {
			address = locate();
		}
		return address;
	}

	private static InetSocketAddress locate() {
		if (answersPing(LOCAL_HOST, LOCAL_PORT)) {
			return new InetSocketAddress(LOCAL_HOST, LOCAL_PORT);
		}
		if (dockerAvailable()) {
			GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7")).withExposedPorts(6379);
			redis.start();
			Runtime.getRuntime().addShutdownHook(new Thread(redis::stop));
			return new InetSocketAddress(redis.getHost(), redis.getMappedPort(6379));
		}
		throw new IllegalStateException("These tests need a real Redis: none answers on " + LOCAL_HOST + ":"
				+ LOCAL_PORT + " and Docker is not available for a Testcontainers redis:7 container. Start one"
				+ " (for example: redis-server --port 6379 --save '' --appendonly no) or run .ci/run");
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * A started connection factory for the shared test Redis, short command timeout.
	 */
	public static LettuceConnectionFactory connectionFactory() {
		InetSocketAddress redis = address();
		return connectionFactory(redis.getHostString(), redis.getPort());
	}

	public static LettuceConnectionFactory connectionFactory(String host, int port) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/**
	 * A key prefix of one test's own, so that tests never see each other's keys.
	 */
	public static String randomKeyPrefix() {
		return "marketiger-test:" + UUID.randomUUID() + ":";
	}

	/**
	 * Delete every key under a prefix.
	 */
	public static void deleteKeys(LettuceConnectionFactory factory, String keyPrefix) {
		ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(factory);
		List<String> keys = redis.keys(keyPrefix + "*").collectList().block(Duration.ofSeconds(10));
		if (keys != null && !keys.isEmpty()) {
			redis.delete(keys.toArray(String[]::new)).block(Duration.ofSeconds(10));
		}
	}

	public static boolean answersPing(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 500);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = new byte[7];
			int read = in.read(reply);
			return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * A {@code redis-server} of a test's own, on a free port, that the test may kill.
	 */
	public static final class Server implements AutoCloseable {

		private Process process;

		private final int port;

		private Server(Process process, int port) {
			this.process = process;
			this.port = port;
		}

		public static Server start() throws IOException, InterruptedException {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			return new Server(launch(port), port);
		}

		/** Start the server again on its port, empty (it persists nothing). */
		public void restart() throws IOException, InterruptedException {
			kill();
			this.process = launch(this.port);
		}

		private static Process launch(int port) throws IOException {
			String executable = new java.io.File("/usr/bin/redis-server").canExecute() ? "/usr/bin/redis-server"
					: "redis-server";
			Process process = new ProcessBuilder(executable, "--port", Integer.toString(port), "--bind", LOCAL_HOST,
					"--save", "", "--appendonly", "no")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (!answersPing(LOCAL_HOST, port)) {
				if (!process.isAlive() || System.nanoTime() > deadline) {
					process.destroyForcibly();
					throw new IllegalStateException("redis-server did not start on port " + port);
				}
				Thread.onSpinWait();
			}
			return process;
		}

		public int port() {
			return this.port;
		}

		public void kill() throws InterruptedException {
			this.process.destroyForcibly();
			this.process.waitFor(10, TimeUnit.SECONDS);
		}

		@Override
		public void close() throws InterruptedException {
			kill();
		}

	}

}
