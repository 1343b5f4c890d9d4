package com.marketiger3d.auth.test.simulator.shop;

import java.text.ParseException;
import java.time.Duration;

import com.marketiger3d.auth.autoconfigure.MarketigerAuthProperties;
import com.marketiger3d.auth.test.simulator.AutoConfigureMarketigerSimulator;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.simulator.MarketigerSimulator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContextManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@link AutoConfigureMarketigerSimulator} starts one simulator per
 * application context: test classes with different settings each have their own, and a
 * class that gets a context from the cache gets its simulator too. The contexts come from
 * Spring's TestContext framework and its context cache, as for any test class.
 */
class SimulatorPerContextTests {

	@Test
	void testClassesWithDifferentSettingsDoNotSeeEachOthersSimulator() throws ParseException {
		ApplicationContext oneMinute = context(OneMinuteTokens.class);
		ApplicationContext twoMinutes = context(TwoMinuteTokens.class);
		MarketigerSimulator first = oneMinute.getBean(MarketigerSimulator.class);
		MarketigerSimulator second = twoMinutes.getBean(MarketigerSimulator.class);
		assertThat(first.port()).isNotEqualTo(second.port());
		assertThat(oneMinute.getBean(MarketigerAuthProperties.class).getBaseUrl()).isEqualTo(first.baseUrl());
		assertThat(twoMinutes.getBean(MarketigerAuthProperties.class).getBaseUrl()).isEqualTo(second.baseUrl());
		assertThat(lifetime(oneMinute)).isEqualTo(Duration.ofMinutes(1));
		assertThat(lifetime(twoMinutes)).isEqualTo(Duration.ofMinutes(2));
		assertThat(first.counters().logins()).as("only its own application logs in").isOne();
		assertThat(second.counters().logins()).isOne();
	}

	@Test
	void contextFromTheCacheKeepsItsRunningSimulator() {
		ApplicationContext context = context(OneMinuteTokens.class);
		MarketigerSimulator simulator = context.getBean(MarketigerSimulator.class);
		ApplicationContext cached = context(OneMinuteTokensAgain.class);
		assertThat(cached).isSameAs(context);
		assertThat(cached.getBean(MarketigerSimulator.class)).isSameAs(simulator);
		assertThat(cached.getBean(TokenRefreshService.class).accessToken().block(Duration.ofMinutes(1)))
			.as("still answering")
			.isNotBlank();
	}

	private static ApplicationContext context(Class<?> testClass) {
		return new TestContextManager(testClass).getTestContext().getApplicationContext();
	}

	private static Duration lifetime(ApplicationContext context) throws ParseException {
		String token = context.getBean(TokenRefreshService.class).accessToken().block(Duration.ofMinutes(1));
		JWTClaimsSet claims = JWTParser.parse(token).getJWTClaimsSet();
		return Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
	}

	@SpringBootTest(classes = ShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
	@AutoConfigureMarketigerSimulator(accessTokenLifetime = "1m")
	static class OneMinuteTokens {

	}

	@SpringBootTest(classes = ShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
	@AutoConfigureMarketigerSimulator(accessTokenLifetime = "2m")
	static class TwoMinuteTokens {

	}

	@SpringBootTest(classes = ShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
	@AutoConfigureMarketigerSimulator(accessTokenLifetime = "1m")
	static class OneMinuteTokensAgain {

	}

}
