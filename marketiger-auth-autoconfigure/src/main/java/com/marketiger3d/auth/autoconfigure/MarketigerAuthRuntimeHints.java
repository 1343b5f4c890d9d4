package com.marketiger3d.auth.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Registers what the starter reaches by name at run time, so that it also works in a
 * native image; registered in {@code META-INF/spring/aot.factories}. JSON needs nothing
 * here: the auth envelope and the stored pairs are read and written as Jackson trees,
 * never bound to classes, and the actuator endpoint answers a map of plain values.
 */
final class MarketigerAuthRuntimeHints implements RuntimeHintsRegistrar {

	/** Lua scripts kept as files beside the classes of any of the starter's packages. */
	static final String LUA_SCRIPTS = "com/marketiger3d/auth/**/*.lua";

	/**
	 * Classes whose presence is checked with {@code ClassUtils.isPresent} at run time:
	 * the Redis store's dependencies, checked when the properties are validated, and
	 * Spring Security's context holders, checked by the standard session key resolvers. A
	 * native image finds a class by name only when it is registered.
	 */
	static final List<String> PRESENCE_CHECKED_TYPES = List.of(
			"org.springframework.data.redis.connection.ReactiveRedisConnectionFactory", "io.lettuce.core.RedisClient",
			"org.springframework.security.core.context.SecurityContextHolder",
			"org.springframework.security.core.context.ReactiveSecurityContextHolder");

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern(LUA_SCRIPTS);
		for (String type : PRESENCE_CHECKED_TYPES) {
			hints.reflection().registerTypeIfPresent(classLoader, type);
		}
	}

}
