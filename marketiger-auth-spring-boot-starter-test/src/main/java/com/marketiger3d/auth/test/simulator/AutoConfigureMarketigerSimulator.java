package com.marketiger3d.auth.test.simulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.marketiger3d.simulator.FaultKind;
import com.marketiger3d.simulator.MarketigerSimulator;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

/**
 * Start a {@link MarketigerSimulator} with the test's application context and point the
 * starter at it: {@code marketiger.auth.base-url}, {@code email} and {@code password} are
 * those of the simulator and its first account (registered with a
 * {@code DynamicPropertyRegistrar}), and the simulator is the
 * {@code MarketigerConnectionDetails}. Works with {@code @SpringBootTest} and with the
 * test slices ({@code @WebFluxTest}, {@code @RestClientTest}, ...). <pre class="code">
 * &#64;SpringBootTest
 * &#64;AutoConfigureMarketigerSimulator
 * class OrdersTests {
 *
 *     &#64;Autowired
 *     MarketigerSimulator simulator;
 *
 *     &#64;Test
 *     void orderGoesThroughWhenRefreshTokenAnswers503() {
 *         this.simulator.faults().failNextRefreshes(1, FaultKind.SERVICE_UNAVAILABLE);
 *         ...
 *     }
 *
 * }
 * </pre>
 * <p>
 * The simulator is a bean of the context, so it lives as long as the context: test
 * classes that share a cached context share its simulator, and classes whose attributes
 * differ get contexts, and simulators, of their own. After each test method its counters
 * and faults are {@link MarketigerSimulator#reset() reset}; its sessions stay, so the
 * application's tokens stay valid. The simulator reads the time from the application's
 * {@code java.time.Clock} bean when it has exactly one, as the starter does, so a test
 * that moves that clock moves both.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@PropertyMapping("marketiger.test.simulator")
public @interface AutoConfigureMarketigerSimulator {

	/**
	 * Accounts accepted at Login, each as {@code email:password}; the starter is given
	 * the first.
	 * @return the accounts
	 */
	String[] accounts() default "demo@marketiger3d.test:demo-password";

	/**
	 * How long an access token is valid after it is issued, as a Spring Boot duration.
	 * @return the access-token lifetime
	 */
	String accessTokenLifetime() default "30s";

	/**
	 * How long a refresh token is valid after it is issued, as a Spring Boot duration.
	 * @return the refresh-token lifetime
	 */
	String refreshTokenLifetime() default "12h";

	/**
	 * Share of Login and RefreshToken calls to fail from the start, between 0 and 1.
	 * @return the initial error rate
	 */
	double errorRate() default 0;

	/**
	 * Kinds of failure the error rate chooses from.
	 * @return the error kinds
	 */
	FaultKind[] errorKinds() default { FaultKind.SERVICE_UNAVAILABLE, FaultKind.TOO_MANY_REQUESTS,
			FaultKind.TRUNCATED_JSON };

	/**
	 * Delay added to every Login and RefreshToken call, as a Spring Boot duration.
	 * @return the initial latency
	 */
	String latency() default "0s";

	/**
	 * How far the simulator's clock runs ahead of the application's, or behind when
	 * negative, as a Spring Boot duration.
	 * @return the initial clock offset
	 */
	String clockOffset() default "0s";

	/**
	 * Whether to set {@code marketiger.auth.email} and {@code password} to the first
	 * account; {@code false} for an application in per-user mode without a service
	 * account.
	 * @return whether the starter is given the first account
	 */
	boolean serviceAccount() default true;

}
