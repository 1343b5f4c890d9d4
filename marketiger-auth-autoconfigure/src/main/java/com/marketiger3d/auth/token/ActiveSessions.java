package com.marketiger3d.auth.token;

import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * The users' services that {@link TokenSessions} keeps in memory, and when they leave it:
 * once unused for the idle timeout, or, beyond the maximum count, least recently used
 * first. Idle services are swept every half idle timeout by a timer on the sessions'
 * scheduler, so that they leave even when no other session is used, and at a use when a
 * sweep is due; idleness is judged by the sessions' clock. A service that is renewing
 * never leaves. Removal is by key and value, so a service made for the key meanwhile
 * stays.
 */
final class ActiveSessions {

	private static final Log logger = LogFactory.getLog(TokenSessions.class);

	private final Map<String, Session> sessions = new ConcurrentHashMap<>();

	private final Clock clock;

	private final long idleMillis;

	private final int maxActive;

	/** Called for each service that leaves memory. */
	private final Consumer<Session> onEviction;

	private final AtomicBoolean sweeping = new AtomicBoolean();

	/** Orders uses for least-recently-used eviction, where clock ticks may tie. */
	private final AtomicLong uses = new AtomicLong();

	private volatile long nextIdleSweepMillis;

	private final @Nullable Disposable timer;

	ActiveSessions(Clock clock, Scheduler scheduler, Duration idleTimeout, int maxActive,
			Consumer<Session> onEviction) {
		this.clock = clock;
		this.idleMillis = idleTimeout.toMillis();
		this.maxActive = maxActive;
		this.onEviction = onEviction;
		this.nextIdleSweepMillis = clock.millis() + this.idleMillis;
		this.timer = startTimer(scheduler, Math.max(1, this.idleMillis / 2));
	}

	/**
	 * Return the session's entry, made by {@code factory} when there is none or its
	 * service was disconnected (its pair is gone from the store: it never renews again).
	 */
	Session get(String sessionKey, Function<String, Session> factory) {
		long now = this.clock.millis();
		Session session = this.sessions.get(sessionKey);
		if (session == null || session.service.isDisconnected()) {
			session = this.sessions.compute(sessionKey,
					(key, existing) -> (existing == null || existing.service.isDisconnected()) ? factory.apply(key)
							: existing);
		}
		session.lastUsedMillis = now;
		session.lastUse = this.uses.incrementAndGet();
		if (this.sessions.size() > this.maxActive || now >= this.nextIdleSweepMillis) {
			sweep(now);
		}
		return session;
	}

	@Nullable Session remove(String sessionKey) {
		return this.sessions.remove(sessionKey);
	}

	int size() {
		return this.sessions.size();
	}

	/** Stop the timer and hand every session in memory to {@code action}. */
	void close(Consumer<Session> action) {
		if (this.timer != null) {
			this.timer.dispose();
		}
		this.sessions.values().forEach(action);
	}

	/**
	 * Start the idle sweep's timer. It holds these sessions weakly: sessions that nobody
	 * closed and nobody holds any more end it.
	 */
	private @Nullable Disposable startTimer(Scheduler scheduler, long periodMillis) {
		IdleSweep sweep = new IdleSweep(this);
		try {
			sweep.timer = scheduler.schedulePeriodically(sweep, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
			return sweep.timer;
		}
		catch (RejectedExecutionException ex) {
			logger.warn("MarkeTiger sessions' scheduler runs no timer (" + ex.getMessage()
					+ "); idle sessions leave memory only when another session is used");
			return null;
		}
	}

	/**
	 * Drop idle services, then, above the maximum, the least recently used down to 90% of
	 * it, so that a full map is not sorted on every new session. One thread sweeps at a
	 * time; the others go on.
	 */
	private void sweep(long now) {
		if (!this.sweeping.compareAndSet(false, true)) {
			return;
		}
		try {
			if (now >= this.nextIdleSweepMillis) {
				this.nextIdleSweepMillis = now + Math.max(1, this.idleMillis / 2);
				this.sessions.forEach((key, session) -> {
					if (now - session.lastUsedMillis >= this.idleMillis) {
						evict(key, session);
					}
				});
			}
			int excess = this.sessions.size() - this.maxActive;
			if (excess > 0) {
				int target = excess + this.maxActive / 10;
				List<Map.Entry<String, Session>> entries = new ArrayList<>(this.sessions.entrySet());
				entries.sort(Comparator.comparingLong((entry) -> entry.getValue().lastUse));
				for (Map.Entry<String, Session> entry : entries) {
					if (target == 0) {
						break;
					}
					if (evict(entry.getKey(), entry.getValue())) {
						target--;
					}
				}
			}
		}
		finally {
			this.sweeping.set(false);
		}
	}

	private boolean evict(String key, Session session) {
		if (!session.service.isRenewing() && this.sessions.remove(key, session)) {
			this.onEviction.accept(session);
			return true;
		}
		return false;
	}

	/** A session's service and when it was last handed out. */
	static class Session {

		final TokenRefreshService service;

		private volatile long lastUsedMillis;

		private volatile long lastUse;

		Session(TokenRefreshService service) {
			this.service = service;
		}

		@Nullable TokenKeepAlive keepAlive() {
			return null;
		}

	}

	/** A session kept alive while idle: only those pay for the keep-alive's field. */
	static final class KeptAliveSession extends Session {

		private final TokenKeepAlive keepAlive;

		KeptAliveSession(TokenRefreshService service, TokenKeepAlive keepAlive) {
			super(service);
			this.keepAlive = keepAlive;
		}

		@Override
		TokenKeepAlive keepAlive() {
			return this.keepAlive;
		}

	}

	/** The timer's task: a sweep when one is due by the clock. */
	private static final class IdleSweep implements Runnable {

		private final WeakReference<ActiveSessions> sessions;

		private volatile @Nullable Disposable timer;

		IdleSweep(ActiveSessions sessions) {
			this.sessions = new WeakReference<>(sessions);
		}

		@Override
		public void run() {
			ActiveSessions active = this.sessions.get();
			if (active == null) {
				Disposable timer = this.timer;
				if (timer != null) {
					timer.dispose();
				}
				return;
			}
			try {
				active.sweep(active.clock.millis());
			}
			catch (RuntimeException ex) {
				// A timer whose task throws stops: keep sweeping
				logger.warn("MarkeTiger idle session sweep failed", ex);
			}
		}

	}

}
