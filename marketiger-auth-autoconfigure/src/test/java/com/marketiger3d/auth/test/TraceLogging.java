package com.marketiger3d.auth.test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Every logger at TRACE for each test, the root level restored after it: canary tests see
 * every line a secret could reach.
 */
public final class TraceLogging implements BeforeEachCallback, AfterEachCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TraceLogging.class);

	@Override
	public void beforeEach(ExtensionContext context) {
		Logger root = root();
		context.getStore(NAMESPACE).put(Level.class, root.getLevel());
		root.setLevel(Level.TRACE);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		root().setLevel(context.getStore(NAMESPACE).get(Level.class, Level.class));
	}

	private static Logger root() {
		return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

}
