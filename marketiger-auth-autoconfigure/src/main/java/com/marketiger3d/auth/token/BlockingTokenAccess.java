package com.marketiger3d.auth.token;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.marketiger3d.auth.api.MarketigerAuthException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The access token of a {@link TokenRefreshService} for blocking code: a servlet request
 * thread, a {@code RestClient} or {@code RestTemplate} interceptor, a scheduled job.
 * <p>
 * A fresh or stale token is returned at once, without IO. When the caller has to wait for
 * a renewal, it waits at most the timeout, then gets an
 * {@link AccessTokenTimeoutException}; the renewal itself is not cancelled and serves the
 * next caller. A failed renewal is thrown as the service reported it (for example
 * {@link com.marketiger3d.auth.api.ReauthenticationRequiredException}).
 * <p>
 * Threads that must never block (Reactor's event loops and {@code parallel} scheduler, as
 * {@link Schedulers#isInNonBlockingThread()} tells) are refused with an
 * {@link IllegalStateException}, every time and not only when a wait would be needed:
 * blocking there could stall the very event loop that carries the renewal's answer, and a
 * mistake that showed only once a token expired would be found in production. Reactive
 * code uses {@link TokenRefreshService#accessToken()} instead.
 * <p>
 * This class is thread-safe.
 *
 * @since 0.1.0
 */
public final class BlockingTokenAccess {

	/** How long a caller waits when no timeout is given. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	private final TokenRefreshService tokens;

	private final Duration timeout;

	/**
	 * Create an access with the {@link #DEFAULT_TIMEOUT default timeout}.
	 * @param tokens the service that supplies the tokens
	 */
	public BlockingTokenAccess(TokenRefreshService tokens) {
		this(tokens, DEFAULT_TIMEOUT);
	}

	/**
	 * Create an access.
	 * @param tokens the service that supplies the tokens
	 * @param timeout the longest a caller waits for a token; positive
	 */
	public BlockingTokenAccess(TokenRefreshService tokens, Duration timeout) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
		Objects.requireNonNull(timeout, "timeout must not be null");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive");
		}
		this.timeout = timeout;
	}

	/**
	 * Return a usable access token, waiting for a renewal when the current one has
	 * expired.
	 * @return the access token
	 * @throws AccessTokenTimeoutException when no token came within the timeout
	 * @throws IllegalStateException on a thread that must not block
	 * @see TokenRefreshService#accessToken()
	 */
	public String accessToken() {
		refuseNonBlockingThread();
		String current = this.tokens.currentAccessToken();
		return (current != null) ? current : await(this.tokens.accessToken());
	}

	/**
	 * Return a usable access token after the API answered 401 to
	 * {@code rejectedAccessToken}: renews only if that token is still the current one.
	 * @param rejectedAccessToken the token the API rejected
	 * @return the token to replay the request with
	 * @throws AccessTokenTimeoutException when no token came within the timeout
	 * @throws IllegalStateException on a thread that must not block
	 * @see TokenRefreshService#accessTokenAfterRejection(String)
	 */
	public String accessTokenAfterRejection(String rejectedAccessToken) {
		return await(this.tokens.accessTokenAfterRejection(rejectedAccessToken));
	}

	/**
	 * Return the longest a caller waits for a token.
	 * @return the timeout
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

	/**
	 * Refused every time, even when the token is fresh, so that the mistake shows in the
	 * first test rather than at the first expiry.
	 */
	private static void refuseNonBlockingThread() {
		if (Schedulers.isInNonBlockingThread()) {
			throw new IllegalStateException("A MarkeTiger access token was requested with blocking code on thread '"
					+ Thread.currentThread().getName() + "', which must not block (a Reactor event loop or"
					+ " non-blocking scheduler): use TokenRefreshService.accessToken() or the marketigerWebClient"
					+ " bean in reactive code, or call the blocking code on Schedulers.boundedElastic()");
		}
	}

	private String await(Mono<String> token) {
		refuseNonBlockingThread();
		CompletableFuture<@Nullable String> future = token.toFuture();
		try {
			return Objects.requireNonNull(future.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS),
					"the token service completed without a token");
		}
		catch (TimeoutException ex) {
			// Only this caller gives up: the renewal keeps running for the others.
			future.cancel(false);
			throw new AccessTokenTimeoutException("No MarkeTiger access token for session '"
					+ this.tokens.getSessionKey() + "' within " + this.timeout.toMillis() + " ms; the renewal"
					+ " goes on and a later call may succeed. If renewals are this slow, raise"
					+ " marketiger.auth.blocking-timeout", this.timeout);
		}
		catch (InterruptedException ex) {
			future.cancel(false);
			Thread.currentThread().interrupt();
			throw new MarketigerAuthException("Interrupted while waiting for a MarkeTiger access token", ex);
		}
		catch (ExecutionException ex) {
			// a CompletableFuture's ExecutionException always carries the failure
			throw rethrow(Objects.requireNonNull(ex.getCause()));
		}
	}

	private static RuntimeException rethrow(Throwable failure) {
		if (failure instanceof RuntimeException runtime) {
			return runtime;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		return new MarketigerAuthException("Could not obtain a MarkeTiger access token: " + failure.getMessage(),
				failure);
	}

	@Override
	public String toString() {
		return "BlockingTokenAccess[session=" + this.tokens.getSessionKey() + ", timeout=" + this.timeout + "]";
	}

}
