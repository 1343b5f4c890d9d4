package com.marketiger3d.auth.token;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.marketiger3d.auth.api.MalformedAuthResponseException;
import com.marketiger3d.auth.api.TransientAuthFailureException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.ContextView;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * How an auth call that failed transiently is retried: Reactor's exponential backoff with
 * jitter, plus the server's {@code Retry-After} hint waited out before the backoff. A
 * hint longer than {@code maxBackoff} ends the attempt instead of holding callers for
 * minutes, and pauses the session's renewals for at most {@code maxRetryAfter}. After a
 * permanent failure (credentials rejected, re-authentication required) renewals pause
 * from {@code maxBackoff}, doubling with each failure in a row up to
 * {@code maxLoginBackoff}, so that an account is never hammered into a lock-out.
 *
 * @param maxAttempts calls in one attempt, the first included
 * @param initialBackoff the first backoff
 * @param maxBackoff the largest backoff, and the longest {@code Retry-After} waited for
 * @param maxLoginBackoff the longest pause after permanent failures in a row
 * @param maxRetryAfter the longest pause a server's {@code Retry-After} imposes
 * @since 0.1.0
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxLoginBackoff,
		Duration maxRetryAfter) {

	/** Retries are part of a session's lifecycle, and logged in its category. */
	private static final Log logger = LogFactory.getLog(TokenRefreshService.class);

	private static final Duration DEFAULT_MAX_LOGIN_BACKOFF = Duration.ofMinutes(5);

	private static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

	/** Store calls under a shared lease are tried this many times more. */
	private static final int STORE_RETRIES = 2;

	/**
	 * Check the components.
	 * @param maxAttempts calls in one attempt, the first included
	 * @param initialBackoff the first backoff
	 * @param maxBackoff the largest backoff, and the longest {@code Retry-After} waited
	 * for
	 * @param maxLoginBackoff the longest pause after permanent failures in a row
	 * @param maxRetryAfter the longest pause a server's {@code Retry-After} imposes
	 */
	public RetryPolicy {
		Objects.requireNonNull(initialBackoff, "initialBackoff must not be null");
		Objects.requireNonNull(maxBackoff, "maxBackoff must not be null");
		Objects.requireNonNull(maxLoginBackoff, "maxLoginBackoff must not be null");
		Objects.requireNonNull(maxRetryAfter, "maxRetryAfter must not be null");
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1");
		}
	}

	/**
	 * Create a policy with the default limits on pauses: at most 5 minutes after
	 * permanent failures (never less than {@code maxBackoff}), and at most 60 seconds for
	 * a server's {@code Retry-After}.
	 * @param maxAttempts calls in one attempt, the first included
	 * @param initialBackoff the first backoff
	 * @param maxBackoff the largest backoff, and the longest {@code Retry-After} waited
	 * for
	 */
	public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
		this(maxAttempts, initialBackoff, maxBackoff, max(DEFAULT_MAX_LOGIN_BACKOFF, maxBackoff),
				DEFAULT_MAX_RETRY_AFTER);
	}

	private static Duration max(Duration first, Duration second) {
		return (first.compareTo(second) >= 0) ? first : second;
	}

	/**
	 * Return the configuration defaults: 4 attempts, backoff from 200 ms up to 5 s,
	 * pauses of at most 5 minutes after permanent failures and 60 seconds for a
	 * {@code Retry-After}.
	 * @return the default policy
	 */
	public static RetryPolicy defaults() {
		return new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5), DEFAULT_MAX_LOGIN_BACKOFF,
				DEFAULT_MAX_RETRY_AFTER);
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
	 * Return whether the server may have processed the call that failed: its answer was
	 * lost, cut off or unreadable with a success status. Login may be repeated then; a
	 * refresh must not send the same refresh token again.
	 * @param failure what the call failed with
	 * @return {@code true} when the call may have been processed
	 */
	static boolean isPossiblyProcessed(Throwable failure) {
		return (failure instanceof TransientAuthFailureException transientFailure
				&& transientFailure.isPossiblyProcessed())
				|| (failure instanceof MalformedAuthResponseException malformed && malformed.isPossiblyProcessed());
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
		return toRetry(scheduler, beforeRetry, RetryPolicy::isRetryable);
	}

	private Retry toRetry(Scheduler scheduler, Consumer<Retry.RetrySignal> beforeRetry,
			Predicate<Throwable> retryable) {
		return toRetry(scheduler, (context, signal) -> beforeRetry.accept(signal), retryable);
	}

	/**
	 * Build the specification; {@code beforeRetry} also gets the retried call's context,
	 * so that one specification can serve every session.
	 */
	private Retry toRetry(Scheduler scheduler, BiConsumer<ContextView, Retry.RetrySignal> beforeRetry,
			Predicate<Throwable> retryable) {
		RetryBackoffSpec spec = Retry.backoff(this.maxAttempts - 1L, this.initialBackoff)
			.maxBackoff(this.maxBackoff)
			.jitter(0.5)
			.scheduler(scheduler)
			.filter(retryable)
			.doBeforeRetryAsync((signal) -> Mono.deferContextual((context) -> {
				beforeRetry.accept(context, signal);
				return waitOutRetryAfter(signal, scheduler);
			}))
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
		return toRetry(scheduler, (context, signal) -> warn(sessionKey, signal), RetryPolicy::isRetryable);
	}

	/**
	 * Return this policy as a Reactor {@link Retry} for any session's Login: its warnings
	 * name the session of {@link SharedRenewalParts#session the retried call's context}.
	 * @param scheduler where backoffs and {@code Retry-After} waits are timed
	 * @return the retry specification
	 */
	Retry toRetry(Scheduler scheduler) {
		return toRetry(scheduler, this::warn, RetryPolicy::isRetryable);
	}

	/**
	 * Return this policy as a Reactor {@link Retry} for any session's RefreshToken: like
	 * {@link #toRetry(Scheduler)}, but a call the server may have processed is never
	 * repeated, since it may have spent the refresh token.
	 * @param scheduler where backoffs and {@code Retry-After} waits are timed
	 * @return the retry specification
	 */
	Retry toRefreshRetry(Scheduler scheduler) {
		return toRetry(scheduler, this::warn, (failure) -> isRetryable(failure) && !isPossiblyProcessed(failure));
	}

	/**
	 * Return the retry of the store's reads and writes under a shared lease, for any
	 * session: twice more when the store cannot be reached.
	 * @param scheduler where backoffs are timed
	 * @return the retry specification
	 */
	Retry toStoreRetry(Scheduler scheduler) {
		return Retry.backoff(STORE_RETRIES, this.initialBackoff)
			.maxBackoff(this.maxBackoff)
			.scheduler(scheduler)
			.filter(TokenStoreUnavailableException.class::isInstance)
			.doBeforeRetryAsync((signal) -> Mono.deferContextual((context) -> {
				logger.warn("MarkeTiger token store call for session '" + SharedRenewalParts.sessionKey(context)
						+ "' failed under the refresh lease (" + signal.failure().getMessage() + "); retry "
						+ (signal.totalRetries() + 1) + " of " + STORE_RETRIES);
				return Mono.empty();
			}))
			.onRetryExhaustedThrow((spec, signal) -> signal.failure());
	}

	private void warn(ContextView context, Retry.RetrySignal signal) {
		warn(SharedRenewalParts.sessionKey(context), signal);
	}

	private void warn(String sessionKey, Retry.RetrySignal signal) {
		logger.warn("MarkeTiger auth call for session '" + sessionKey + "' failed (" + signal.failure().getMessage()
				+ "); retry " + (signal.totalRetries() + 1) + " of " + (this.maxAttempts - 1));
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
