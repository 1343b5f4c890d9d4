package com.marketiger3d.auth.token;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.api.MarketigerAuthException;
import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link BlockingTokenAccess}.
 */
class BlockingTokenAccessTests {

	private static final Duration SHORT = Duration.ofMillis(100);

	@AfterEach
	void clearInterruptFlag() {
		Thread.interrupted();
	}

	@Test
	void returnsTheCurrentToken() {
		BlockingTokenAccess access = new BlockingTokenAccess(new ScriptedTokens(Mono.just("token-1")));

		assertThat(access.accessToken()).isEqualTo("token-1");
		assertThat(access.getTimeout()).isEqualTo(BlockingTokenAccess.DEFAULT_TIMEOUT);
	}

	@Test
	void afterRejectionAsksTheServiceAboutTheRejectedToken() {
		BlockingTokenAccess access = new BlockingTokenAccess(new ScriptedTokens(Mono.just("token-1")));

		assertThat(access.accessTokenAfterRejection("token-1")).isEqualTo("renewed-after-token-1");
	}

	@Test
	void waitsForATokenThatArrivesWithinTheTimeout() {
		BlockingTokenAccess access = new BlockingTokenAccess(
				new ScriptedTokens(Mono.delay(Duration.ofMillis(20)).map((tick) -> "late-token")),
				Duration.ofSeconds(10));

		assertThat(access.accessToken()).isEqualTo("late-token");
	}

	@Test
	void givesUpAfterTheTimeoutWithoutCancellingTheRenewalForOthers() {
		AtomicBoolean cancelled = new AtomicBoolean();
		ScriptedTokens tokens = new ScriptedTokens(Mono.<String>never().doOnCancel(() -> cancelled.set(true)));
		BlockingTokenAccess access = new BlockingTokenAccess(tokens, SHORT);

		assertThatExceptionOfType(AccessTokenTimeoutException.class).isThrownBy(access::accessToken).satisfies((ex) -> {
			assertThat(ex.getTimeout()).isEqualTo(SHORT);
			assertThat(ex.getMessage()).contains("within 100 ms")
				.contains("session '" + TokenRefreshService.SERVICE_ACCOUNT_SESSION + "'")
				.contains("marketiger.auth.blocking-timeout");
		});
		// Only this caller's subscription is dropped; the service's renewal is its own.
		assertThat(cancelled).isTrue();
	}

	@Test
	void afterRejectionIsBoundedToo() {
		BlockingTokenAccess access = new BlockingTokenAccess(new ScriptedTokens(Mono.never()), SHORT);

		assertThatExceptionOfType(AccessTokenTimeoutException.class)
			.isThrownBy(() -> access.accessTokenAfterRejection("other"));
	}

	@Test
	void rethrowsTheRenewalsFailureAsIs() {
		ReauthenticationRequiredException failure = new ReauthenticationRequiredException("log in again");
		BlockingTokenAccess access = new BlockingTokenAccess(new ScriptedTokens(Mono.error(failure)));

		assertThatThrownBy(access::accessToken).isSameAs(failure);
	}

	@Test
	void rethrowsErrorsAsIs() {
		AssertionError failure = new AssertionError("broken");
		BlockingTokenAccess access = new BlockingTokenAccess(new ScriptedTokens(Mono.error(failure)));

		assertThatThrownBy(access::accessToken).isSameAs(failure);
	}

	@Test
	void wrapsCheckedFailures() {
		IOException failure = new IOException("connection reset");
		BlockingTokenAccess access = new BlockingTokenAccess(new ScriptedTokens(Mono.error(failure)));

		assertThatExceptionOfType(MarketigerAuthException.class).isThrownBy(access::accessToken)
			.withMessageContaining("connection reset")
			.withCause(failure);
	}

	@Test
	void interruptedCallerStopsWaitingAndKeepsItsInterruptFlag() {
		BlockingTokenAccess access = new BlockingTokenAccess(new ScriptedTokens(Mono.never()));
		Thread.currentThread().interrupt();

		assertThatExceptionOfType(MarketigerAuthException.class).isThrownBy(access::accessToken)
			.withMessageContaining("Interrupted")
			.withCauseInstanceOf(InterruptedException.class);
		assertThat(Thread.interrupted()).isTrue();
	}

	@Test
	void refusesNonBlockingThreadsEvenWhenTheTokenIsFresh() {
		BlockingTokenAccess access = new BlockingTokenAccess(new ScriptedTokens(Mono.just("token-1")));

		StepVerifier.create(Mono.fromCallable(access::accessToken).subscribeOn(Schedulers.parallel()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("thread 'parallel-")
				.hasMessageContaining("must not block")
				.hasMessageContaining("TokenRefreshService.accessToken()"))
			.verify(Duration.ofSeconds(10));
		StepVerifier
			.create(Mono.fromCallable(() -> access.accessTokenAfterRejection("token-1"))
				.subscribeOn(Schedulers.parallel()))
			.expectError(IllegalStateException.class)
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void refusesNonBlockingThreadsWhenAFreshTokenIsAtHandWithoutWaiting() {
		BlockingTokenAccess access = new BlockingTokenAccess(
				new ScriptedTokens(Mono.error(new AssertionError("no renewal expected")), "fresh-token"));

		StepVerifier.create(Mono.fromCallable(access::accessToken).subscribeOn(Schedulers.parallel()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("must not block"))
			.verify(Duration.ofSeconds(10));
		StepVerifier.create(Mono.fromCallable(access::accessToken).subscribeOn(Schedulers.boundedElastic()))
			.expectNext("fresh-token")
			.verifyComplete();
	}

	@Test
	void servesBoundedElasticThreads() {
		BlockingTokenAccess access = new BlockingTokenAccess(new ScriptedTokens(Mono.just("token-1")));

		StepVerifier.create(Mono.fromCallable(access::accessToken).subscribeOn(Schedulers.boundedElastic()))
			.expectNext("token-1")
			.verifyComplete();
	}

	@Test
	void timeoutMustBePositive() {
		ScriptedTokens tokens = new ScriptedTokens(Mono.just("token-1"));
		assertThatIllegalArgumentException().isThrownBy(() -> new BlockingTokenAccess(tokens, Duration.ZERO))
			.withMessage("timeout must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> new BlockingTokenAccess(tokens, Duration.ofSeconds(-1)));
	}

	@Test
	void toStringNamesTheSessionAndTimeoutOnly() {
		BlockingTokenAccess access = new BlockingTokenAccess(new ScriptedTokens(Mono.just("token-1")), SHORT);
		access.accessToken();

		assertThat(access).hasToString("BlockingTokenAccess[session=service-account, timeout=PT0.1S]");
	}

	/** A service whose answers the test chooses. */
	static final class ScriptedTokens extends TokenRefreshService {

		private final Mono<String> token;

		private final @Nullable String current;

		ScriptedTokens(Mono<String> token) {
			this(token, null);
		}

		/** A service whose current token is {@code current}, handed out without IO. */
		ScriptedTokens(Mono<String> token, @Nullable String current) {
			super(TokenRefreshService.builder(MarketigerAuthClient.builder(URI.create("http://localhost:1/v2")).build(),
					new InMemoryTokenStore()));
			this.token = token;
			this.current = current;
		}

		@Override
		public @Nullable String currentAccessToken() {
			return this.current;
		}

		@Override
		public Mono<String> accessToken() {
			return this.token;
		}

		@Override
		public Mono<String> accessTokenAfterRejection(String rejectedAccessToken) {
			return this.token
				.map((current) -> current.equals(rejectedAccessToken) ? "renewed-after-" + current : current);
		}

	}

}
