package com.marketiger3d.auth.test.simulator.shop;

import java.time.Clock;
import java.time.Instant;

import com.marketiger3d.simulator.MutableClock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The shop's only {@link Clock}: the starter and the simulator read it, tests move it.
 */
@TestConfiguration(proxyBeanMethods = false)
class ShopClock {

	@Bean
	MutableClock clock() {
		return new MutableClock(Instant.parse("2030-01-01T08:00:00Z"));
	}

}
