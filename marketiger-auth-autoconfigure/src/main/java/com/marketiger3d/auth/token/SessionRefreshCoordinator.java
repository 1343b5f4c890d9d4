package com.marketiger3d.auth.token;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One lease per session key in this process, before the shared coordinator's lease. Two
 * services of one session in one process (one evicted from {@link TokenSessions} while a
 * caller still held it, and its successor) therefore never renew at the same time: the
 * second waits for the first to release, then reads the store and adopts the new pair, as
 * a second process would. Holds an entry only while a renewal holds the lease.
 */
final class SessionRefreshCoordinator implements RefreshCoordinator {

	private final RefreshCoordinator delegate;

	private final Map<String, Sinks.Empty<Void>> held = new ConcurrentHashMap<>();

	SessionRefreshCoordinator(RefreshCoordinator delegate) {
		this.delegate = delegate;
	}

	@Override
	public Mono<RenewalLease> acquire(String sessionKey, long knownVersion) {
		return Mono.defer(() -> {
			Sinks.Empty<Void> mine = Sinks.empty();
			Sinks.Empty<Void> other = this.held.putIfAbsent(sessionKey, mine);
			if (other != null) {
				// Completes empty once the holder released: the caller reads the store
				// again, and competes again if nothing newer was stored.
				return other.asMono().then(Mono.empty());
			}
			Runnable free = () -> {
				this.held.remove(sessionKey, mine);
				mine.tryEmitEmpty();
			};
			return this.delegate.acquire(sessionKey, knownVersion)
				.<RenewalLease>map((lease) -> new Lease(lease, free))
				.switchIfEmpty(Mono.fromRunnable(free))
				.doOnError((ex) -> free.run())
				.doOnCancel(free);
		});
	}

	int heldCount() {
		return this.held.size();
	}

	@Override
	public String toString() {
		return "RefreshCoordinator[per-session, then " + this.delegate + "]";
	}

	private record Lease(RenewalLease delegate, Runnable free) implements RenewalLease {

		@Override
		public <T> Mono<T> guard(Mono<T> call) {
			return this.delegate.guard(call);
		}

		@Override
		public Mono<Void> release() {
			return this.delegate.release().doFinally((signal) -> this.free.run());
		}

		@Override
		public Mono<Void> lapse() {
			return this.delegate.lapse().doFinally((signal) -> this.free.run());
		}

		/**
		 * Shared even over the in-process coordinator: an evicted service of the session
		 * and its successor take turns, and either may have spent the other's refresh
		 * token.
		 */
		@Override
		public boolean isShared() {
			return true;
		}

	}

}
