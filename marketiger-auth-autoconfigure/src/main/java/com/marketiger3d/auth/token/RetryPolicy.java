package com.marketiger3d.auth.token;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import com.marketiger3d.auth.api.MalformedAuthResponseException;
import com.marketiger3d.auth.api.TransientAuthFailureException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * How an auth call that failed transiently is retried: Reactor's exponential backoff with
 * jitter, plus the server's {@code Retry-After} hint waited out before the backoff. A
 * hint longer than {@code maxBackoff} ends the attempt instead of holding callers for
 * minutes.
 *
 * @param maxAttempts calls in one attempt, the first included
 * @param initialBackoff the first backoff
 * @param maxBackoff the largest backoff, and the longest {@code Retry-After} waited for
 * @since 0.1.0
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

	/** Retries are part of a session's lifecycle, and logged in its category. */
	private static final Log logger = LogFactory.getLog(TokenRefreshService.class);

	/**
	 * Check the components.
	 * @param maxAttempts calls in one attempt, the first included
	 * @param initialBackoff the first backoff
	 * @param maxBackoff the largest backoff, and the longest {@code Retry-After} waited
	 * for
	 */
	public RetryPolicy {
		Objects.requireNonNull(initialBackoff, "initialBackoff must not be null");
		Objects.requireNonNull(maxBackoff, "maxBackoff must not be null");
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1");
		}
	}

	/**
	 * Return the configuration defaults: 4 attempts, backoff from 200 ms up to 5 s.
	 * @return the default policy
	 */
	public static RetryPolicy defaults() {
		return new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5));
	}

	/**
	 * Return whether a failure is worth another call with the same request.
	 * @param failure what the call failed with
	 * @return {@code true} for transient failures and malformed answers
	 */
	public static boolean isRetryable(Throwable failure) {
		return failure instanceof TransientAuthFailureException || failure instanceof MalformedAuthResponseException;
	}

	/**
	 * Return the server's {@code Retry-After} hint carried by a failure.
	 * @param failure what the call failed with
	 * @return the hint, or {@code null}
	 */
	static @Nullable Duration retryAfter(Throwable failure) {
		return (failure instanceof TransientAuthFailureException transientFailure)
				? transientFailure.getRetryAfter().orElse(null) : null;
	}

	/**
	 * Return this policy as a Reactor {@link Retry}, for {@code Mono.retryWhen}: retries
	 * transient failures and malformed answers only, and ends with the last failure.
	 * @param scheduler where backoffs and {@code Retry-After} waits are timed
	 * @param beforeRetry called before each retry, for example to log it
	 * @return the retry specification
	 */
	public Retry toRetry(Scheduler scheduler, Consumer<Retry.RetrySignal> beforeRetry) {
		RetryBackoffSpec spec = Retry.backoff(this.maxAttempts - 1L, this.initialBackoff)
			.maxBackoff(this.maxBackoff)
			.jitter(0.5)
			.scheduler(scheduler)
			.filter(RetryPolicy::isRetryable)
			.doBeforeRetry(beforeRetry)
			.doBeforeRetryAsync((signal) -> waitOutRetryAfter(signal, scheduler))
			.onRetryExhaustedThrow((backoff, signal) -> signal.failure());
		return spec;
	}

	/**
	 * Return this policy as a Reactor {@link Retry} that logs a warning naming the
	 * session before each retry.
	 * @param scheduler where backoffs and {@code Retry-After} waits are timed
	 * @param sessionKey the session whose auth calls are retried
	 * @return the retry specification
	 */
	Retry toRetry(Scheduler scheduler, String sessionKey) {
		return toRetry(scheduler,
				(signal) -> logger.warn(
						"MarkeTiger auth call for session '" + sessionKey + "' failed (" + signal.failure().getMessage()
								+ "); retry " + (signal.totalRetries() + 1) + " of " + (this.maxAttempts - 1)));
	}

	private Mono<Void> waitOutRetryAfter(Retry.RetrySignal signal, Scheduler scheduler) {
		Duration hint = retryAfter(signal.failure());
		if (hint == null || hint.isZero()) {
			return Mono.empty();
		}
		if (hint.compareTo(this.maxBackoff) > 0) {
			return Mono.error(signal.failure());
		}
		return Mono.delay(hint, scheduler).then();
	}

}
