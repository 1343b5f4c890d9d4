package com.marketiger3d.auth.token;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.marketiger3d.auth.api.TransientAuthFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.util.retry.Retry;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RetryPolicy}.
 */
@ExtendWith(OutputCaptureExtension.class)
class RetryPolicyTests {

	@Test
	void oneAttemptIsTheFewestAllowed() {
		assertThat(new RetryPolicy(1, Duration.ofMillis(100), Duration.ofSeconds(1)).maxAttempts()).isOne();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(100), Duration.ofSeconds(1)))
			.withMessage("maxAttempts must be at least 1");
	}

	@Test
	void attemptMakesAtMostMaxAttemptsCallsAndEndsWithTheLastFailure() {
		RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1));
		AtomicInteger calls = new AtomicInteger();
		Mono<String> call = Mono
			.defer(() -> Mono.error(new TransientAuthFailureException("busy " + calls.incrementAndGet())));

		StepVerifier.withVirtualTime(() -> call.retryWhen(policy.toRetry(VirtualTimeScheduler.get(), "user-7")))
			.thenAwait(Duration.ofMinutes(1))
			.expectErrorMessage("busy 3")
			.verify();
		assertThat(calls).hasValue(3);
	}

	@Test
	void shortPolicyPausesAtMostFiveMinutesAfterPermanentFailuresAndSixtySecondsForRetryAfter() {
		RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1));

		assertThat(policy.maxLoginBackoff()).isEqualTo(Duration.ofMinutes(5));
		assertThat(policy.maxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void longestPauseAfterPermanentFailuresIsNeverShorterThanTheLongestBackoff() {
		RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofMinutes(10));

		assertThat(policy.maxLoginBackoff()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void retryAfterAsLongAsTheLongestBackoffIsWaitedOutAndTheCallRetried() {
		RetryPolicy policy = new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(5));
		AtomicInteger calls = new AtomicInteger();
		Mono<String> call = Mono.defer(() -> (calls.incrementAndGet() == 1)
				? Mono.error(new TransientAuthFailureException("busy", Duration.ofSeconds(5))) : Mono.just("token"));

		StepVerifier
			.withVirtualTime(() -> call.retryWhen(policy.toRetry(VirtualTimeScheduler.get(), "service-account")))
			.thenAwait(Duration.ofMinutes(1))
			.expectNext("token")
			.verifyComplete();
		assertThat(calls).hasValue(2);
	}

	@Test
	void retryAfterLongerThanTheLongestBackoffEndsTheAttemptWithItsFailure() {
		RetryPolicy policy = new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(5));
		TransientAuthFailureException busy = new TransientAuthFailureException("busy", Duration.ofSeconds(6));
		AtomicInteger calls = new AtomicInteger();
		Mono<String> call = Mono.defer(() -> (calls.incrementAndGet() == 1) ? Mono.error(busy) : Mono.just("token"));

		StepVerifier
			.withVirtualTime(() -> call.retryWhen(policy.toRetry(VirtualTimeScheduler.get(), "service-account")))
			.thenAwait(Duration.ofMinutes(1))
			.expectErrorSatisfies((ex) -> assertThat(ex).isSameAs(busy))
			.verify();
		assertThat(calls).hasValue(1);
	}

	@Test
	void eachRetryIsLoggedWithItsNumberOutOfTheRetriesAllowed(CapturedOutput output) {
		RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1));
		AtomicInteger calls = new AtomicInteger();
		Mono<String> call = Mono.defer(() -> (calls.incrementAndGet() <= 2)
				? Mono.error(new TransientAuthFailureException("busy " + calls.get())) : Mono.just("token"));

		StepVerifier.withVirtualTime(() -> call.retryWhen(policy.toRetry(VirtualTimeScheduler.get(), "user-7")))
			.thenAwait(Duration.ofMinutes(1))
			.expectNext("token")
			.verifyComplete();

		assertThat(output.getAll().lines().filter((line) -> line.contains("MarkeTiger auth call"))).satisfiesExactly(
				(line) -> assertThat(line).contains("WARN", "session 'user-7' failed (busy 1); retry 1 of 3"),
				(line) -> assertThat(line).contains("WARN", "session 'user-7' failed (busy 2); retry 2 of 3"));
	}

	@Test
	void oneSpecificationServesEverySessionAndNamesTheSessionOfEachCallsContext(CapturedOutput output) {
		RetryPolicy policy = new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(1));
		VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
		Retry shared = policy.toRetry(scheduler);
		List<String> tokens = new CopyOnWriteArrayList<>();

		failingOnce().retryWhen(shared).contextWrite(SharedRenewalParts.session("alice")).subscribe(tokens::add);
		failingOnce().retryWhen(shared).contextWrite(SharedRenewalParts.session("bob")).subscribe(tokens::add);
		scheduler.advanceTimeBy(Duration.ofMinutes(1));

		assertThat(tokens).containsExactly("token", "token");
		assertThat(output.getAll().lines().filter((line) -> line.contains("MarkeTiger auth call"))).satisfiesExactly(
				(line) -> assertThat(line).contains("WARN", "session 'alice' failed (busy); retry 1 of 1"),
				(line) -> assertThat(line).contains("WARN", "session 'bob' failed (busy); retry 1 of 1"));
		scheduler.dispose();
	}

	private static Mono<String> failingOnce() {
		AtomicInteger calls = new AtomicInteger();
		return Mono.defer(() -> (calls.incrementAndGet() == 1) ? Mono.error(new TransientAuthFailureException("busy"))
				: Mono.just("token"));
	}

}
