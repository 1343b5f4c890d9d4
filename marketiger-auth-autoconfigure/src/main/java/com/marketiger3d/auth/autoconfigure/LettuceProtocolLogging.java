package com.marketiger3d.auth.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.util.ClassUtils;

/**
 * Keeps plain-text tokens out of Lettuce's logs: its protocol classes log every command
 * sent ({@code CommandEncoder}, with its arguments, at TRACE) and every reply received
 * ({@code CommandHandler}, at TRACE), which without an encryption key hold the tokens.
 * Lettuce reads its levels when a connection opens, so this runs before the store's first
 * command.
 */
final class LettuceProtocolLogging {

	static final String CATEGORY = "io.lettuce.core.protocol";

	private static final Log logger = LogFactory.getLog(MarketigerAuthRedisAutoConfiguration.class);

	private LettuceProtocolLogging() {
	}

	/**
	 * Raise the level of Lettuce's protocol logs to INFO if DEBUG or TRACE is on for
	 * them, with a warning that says why.
	 */
	static void quiet() {
		Log protocol = LogFactory.getLog(CATEGORY + ".CommandEncoder");
		if (!protocol.isDebugEnabled()) {
			return;
		}
		ClassLoader classLoader = LettuceProtocolLogging.class.getClassLoader();
		if (!ClassUtils.isPresent("org.springframework.boot.logging.LoggingSystem", classLoader)) {
			logger.warn("Logger '" + CATEGORY + "' is at DEBUG or TRACE and logs Redis commands, which hold the"
					+ " MarkeTiger tokens in plain text: raise it to INFO, or set"
					+ " marketiger.auth.store.redis.encryption-key");
			return;
		}
		LoggingSystem.get(classLoader).setLogLevel(CATEGORY, LogLevel.INFO);
		logger.warn("Logger '" + CATEGORY + "' was at DEBUG or TRACE, where it logs Redis commands that hold the"
				+ " MarkeTiger tokens in plain text: it is set to INFO; set"
				+ " marketiger.auth.store.redis.encryption-key to keep its level");
	}

}
