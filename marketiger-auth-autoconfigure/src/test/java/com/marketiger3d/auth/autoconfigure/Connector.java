package com.marketiger3d.auth.autoconfigure;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;

/**
 * The class paths the auth calls are tested on, and the {@code User-Agent} each connector
 * sends.
 */
enum Connector {

	/** Reactor Netty on the class path: Spring Boot detects it first. */
	REACTOR_NETTY("ReactorNetty"),

	/** Reactor Netty filtered out: the JDK's {@code HttpClient}. */
	JDK("Java-http-client");

	private final String userAgent;

	Connector(String userAgent) {
		this.userAgent = userAgent;
	}

	String userAgent() {
		return this.userAgent;
	}

	/**
	 * Return the runner with this class path.
	 * @param <R> the kind of runner
	 * @param runner the runner
	 * @return the runner, with Reactor Netty hidden for {@link #JDK}
	 */
	<R extends AbstractApplicationContextRunner<R, ?, ?>> R applyTo(R runner) {
		return (this != JDK) ? runner : runner.withClassLoader(new FilteredClassLoader("reactor.netty"));
	}

}
