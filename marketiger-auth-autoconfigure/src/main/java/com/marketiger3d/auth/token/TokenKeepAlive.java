package com.marketiger3d.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * Keeps an idle session alive: refreshes its pair in the background shortly before the
 * refresh token's lifetime runs out, so that an application that makes no call for longer
 * than that (a night, a weekend) still has a session when it does. The refresh goes
 * through the session's single flight and, with a shared store, the coordinator's lease:
 * one instance of a cluster does it, the others adopt its pair.
 * <p>
 * Runs on the session's Reactor {@link Scheduler}, one timer at a time and no thread of
 * its own; {@link #dispose()} stops it. A pair renewed by calls moves the next timer on.
 */
public final class TokenKeepAlive implements Disposable {

	private static final Log logger = LogFactory.getLog(TokenRefreshService.class);

	private final TokenRefreshService service;

	private final Scheduler scheduler;

	private final Clock clock;

	private final Duration margin;

	private final Duration retryInterval;

	private final Disposable.Swap timer = Disposables.swap();

	private final AtomicLong generation = new AtomicLong();

	/**
	 * Create a keep-alive for a session; {@link #start()} starts it.
	 * @param service the session's service
	 * @param settings the settings the service was made with: its scheduler, clock and
	 * timing
	 * @see TokenRefreshService#keepAlive()
	 */
	TokenKeepAlive(TokenRefreshService service, TokenServiceSettings settings) {
		this.service = Objects.requireNonNull(service, "service must not be null");
		this.scheduler = settings.scheduler();
		this.clock = settings.clock();
		this.margin = margin(settings.timing());
		// A failed keep-alive is tried a few more times before the refresh token ends,
		// without a warning every few seconds for a session that cannot be renewed.
		Duration quarter = this.margin.dividedBy(4);
		Duration maxBackoff = settings.retryPolicy().maxBackoff();
		this.retryInterval = (quarter.compareTo(maxBackoff) < 0) ? maxBackoff : quarter;
	}

	/**
	 * Return how long before a refresh token's end the keep-alive renews: a tenth of its
	 * lifetime, at least {@code refreshAhead}, at most half of it.
	 */
	static Duration margin(TokenTiming timing) {
		Duration lifetime = timing.refreshTokenLifetime();
		Duration tenth = lifetime.dividedBy(10);
		Duration margin = (tenth.compareTo(timing.refreshAhead()) < 0) ? timing.refreshAhead() : tenth;
		Duration half = lifetime.dividedBy(2);
		return (margin.compareTo(half) > 0) ? half : margin;
	}

	/**
	 * Start keeping the session alive: the first check runs at once, and reads nothing
	 * while the session has no pair in memory.
	 * @return this keep-alive
	 */
	public TokenKeepAlive start() {
		schedule(Duration.ZERO);
		return this;
	}

	private void schedule(Duration delay) {
		if (isDisposed()) {
			return;
		}
		if (delay.isZero() || delay.isNegative()) {
			check();
			return;
		}
		// Only the newest timer checks: one that ran before this method could record it
		// (a scheduler may run a task at once) must not be cancelled by it, nor an older
		// one run twice.
		long timer = this.generation.incrementAndGet();
		this.timer.replace(this.scheduler.schedule(() -> {
			if (this.generation.get() == timer) {
				check();
			}
		}, delay.toMillis(), TimeUnit.MILLISECONDS));
	}

	private void check() {
		if (isDisposed()) {
			return;
		}
		TokenPair pair = this.service.currentTokens().orElse(null);
		Instant refreshExpiresAt = (pair != null) ? pair.refreshTokenExpiresAt() : null;
		if (refreshExpiresAt == null) {
			// No pair in memory yet (the session has made no call: whatever is stored or
			// configured is read on its first), or no refresh token to keep alive.
			schedule(this.margin);
			return;
		}
		Instant due = refreshExpiresAt.minus(this.margin);
		Instant now = this.clock.instant();
		if (now.isBefore(due)) {
			schedule(Duration.between(now, due));
			return;
		}
		this.service.refreshNow().subscribe((renewed) -> schedule(Duration.ZERO), (ex) -> {
			logger.warn("MarkeTiger keep-alive of session '" + this.service.getSessionKey()
					+ "' could not refresh the idle session (" + ex.getMessage() + "); trying again in "
					+ this.retryInterval);
			schedule(this.retryInterval);
		});
	}

	/**
	 * Stop keeping the session alive; a renewal already running goes on.
	 */
	@Override
	public void dispose() {
		this.timer.dispose();
	}

	@Override
	public boolean isDisposed() {
		return this.timer.isDisposed();
	}

	@Override
	public String toString() {
		return "TokenKeepAlive[session=" + this.service.getSessionKey() + ", margin=" + this.margin + "]";
	}

}
