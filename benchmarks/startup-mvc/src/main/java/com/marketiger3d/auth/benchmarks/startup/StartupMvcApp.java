package com.marketiger3d.auth.benchmarks.startup;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;

/**
 * A minimal Spring MVC application (no beans of its own, a server on a free port),
 * started once: {@code java -cp ... StartupMvcApp [login-on-startup]}. Prints one line:
 * the context's start in milliseconds, then the first API call, through
 * {@code marketigerRestClient} with the starter or through a {@code RestClient} from
 * Boot's builder with a constant header without it, each counted from asking for the
 * client.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StartupMvcApp {

	public static void main(String[] args) throws Exception {
		boolean starter = ClassUtils.isPresent("com.marketiger3d.auth.autoconfigure.MarketigerAuthAutoConfiguration",
				null);
		boolean login = args.length > 0 && args[0].equals("login-on-startup");
		try (StubApi api = StubApi.start()) {
			BufferingApplicationStartup startup = new BufferingApplicationStartup(20_000);
			SpringApplicationBuilder builder = new SpringApplicationBuilder(StartupMvcApp.class)
				.applicationStartup(startup)
				.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
						"logging.level.root=warn", "marketiger.auth.base-url=" + api.baseUrl(),
						"marketiger.auth.allow-insecure-http=true");
			if (login) {
				builder.properties("marketiger.auth.login-on-startup=true", "marketiger.auth.email=startup@example.com",
						"marketiger.auth.password=startup-password");
			}
			else {
				builder.properties("marketiger.auth.access-token=" + StubApi.accessToken(),
						"marketiger.auth.refresh-token=startup-refresh");
			}
			long start = System.nanoTime();
			ConfigurableApplicationContext context = builder.run();
			long started = System.nanoTime();
			RestClient client = starter ? context.getBean("marketigerRestClient", RestClient.class)
					: context.getBean(RestClient.Builder.class)
						.baseUrl(api.baseUrl())
						.defaultHeader("Authorization", "Bearer " + StubApi.accessToken())
						.build();
			long built = System.nanoTime();
			String body = client.get().uri("/Project/GetProjects").retrieve().body(String.class);
			long called = System.nanoTime();
			if (body == null || !body.contains("success")) {
				throw new IllegalStateException("unexpected answer: " + body);
			}
			System.out.println(
					"STARTUP stack=mvc starter=" + starter + " login=" + login + " context_ms=" + millis(start, started)
							+ " client_ms=" + millis(started, built) + " first_call_ms=" + millis(built, called) + " "
							+ StartupReport.conditions(context) + " " + StartupReport.beans(startup));
			context.close();
		}
	}

	private static String millis(long from, long to) {
		return String.format("%.1f", (to - from) / 1e6);
	}

}
