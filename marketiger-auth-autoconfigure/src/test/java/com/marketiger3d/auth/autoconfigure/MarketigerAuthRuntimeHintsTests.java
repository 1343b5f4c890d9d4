package com.marketiger3d.auth.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MarketigerAuthRuntimeHints}.
 */
class MarketigerAuthRuntimeHintsTests {

	@Test
	void luaScriptFilesInAnyOfTheStartersPackagesAreIncluded() {
		RuntimeHints hints = registered(getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.resource().forResource("com/marketiger3d/auth/redis/compare-and-set.lua"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("com/marketiger3d/auth/redis/lease/renew.lua"))
			.accepts(hints);
	}

	@Test
	void noOtherResourceIsIncluded() {
		RuntimeHints hints = registered(getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.resource().forResource("scripts/compare-and-set.lua")).rejects(hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("com/marketiger3d/auth/redis/RedisTokenStore.class"))
			.rejects(hints);
	}

	@Test
	void everyClassWhosePresenceIsCheckedAtRunTimeCanBeFoundByName() {
		RuntimeHints hints = registered(getClass().getClassLoader());
		assertThat(MarketigerAuthRuntimeHints.PRESENCE_CHECKED_TYPES).hasSize(4)
			.allSatisfy((type) -> assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(type)))
				.accepts(hints));
	}

	@Test
	void aClassMissingWhenTheImageIsBuiltIsNotRegistered() {
		RuntimeHints hints = registered(new FilteredClassLoader(ReactiveRedisConnectionFactory.class));
		assertThat(RuntimeHintsPredicates.reflection().onType(ReactiveRedisConnectionFactory.class)).rejects(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of("io.lettuce.core.RedisClient")))
			.accepts(hints);
	}

	@Test
	void aheadOfTimeProcessingFindsTheRegistrarInAotFactories() {
		assertThat(AotServices.factories(getClass().getClassLoader()).load(RuntimeHintsRegistrar.class).asList())
			.hasAtLeastOneElementOfType(MarketigerAuthRuntimeHints.class);
	}

	private static RuntimeHints registered(ClassLoader classLoader) {
		RuntimeHints hints = new RuntimeHints();
		new MarketigerAuthRuntimeHints().registerHints(hints, classLoader);
		return hints;
	}

}
