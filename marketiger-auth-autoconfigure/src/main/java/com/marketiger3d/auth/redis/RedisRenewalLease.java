package com.marketiger3d.auth.redis;

import java.time.Duration;
import java.util.List;

import com.marketiger3d.auth.token.RenewalLease;
import com.marketiger3d.auth.token.TokenStoreUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The refresh lease this instance holds in Redis, renewed by a watchdog until released,
 * lost, or held for the maximum hold. Its own class because it is the holder's side of
 * the lease: when an auth call may start ({@link #guard}), and how the lease ends.
 */
final class RedisRenewalLease implements RenewalLease {

	// The coordinator's category: one logger to configure for the whole lease.
	private static final Log logger = LogFactory.getLog(RedisRefreshCoordinator.class);

	private final RedisRefreshCoordinator coordinator;

	private final String sessionKey;

	private final String leaseKey;

	private final String owner;

	/** The lease never lasts past then, however long its holder works. */
	private final long holdEnd;

	/** The lease lasts at least until then: its expiry was set after this instant. */
	private volatile long validUntil;

	private volatile boolean lost;

	private final Disposable watchdog;

	RedisRenewalLease(RedisRefreshCoordinator coordinator, String sessionKey, String leaseKey, String owner,
			long sentAt) {
		this.coordinator = coordinator;
		this.sessionKey = sessionKey;
		this.leaseKey = leaseKey;
		this.owner = owner;
		this.validUntil = sentAt + coordinator.leaseTime.toNanos();
		this.holdEnd = sentAt + coordinator.maxLeaseHold.toNanos();
		Duration period = coordinator.leaseTime.dividedBy(3);
		this.watchdog = Flux.interval(period, period, coordinator.scheduler).concatMap((tick) -> renew()).subscribe();
	}

	private Mono<Long> renew() {
		long sentAt = System.nanoTime();
		// Never past the maximum hold: a holder stalled anywhere cannot keep the
		// others waiting for longer.
		long extension = Math.min(this.coordinator.leaseTime.toNanos(), this.holdEnd - sentAt);
		if (extension < Duration.ofMillis(1).toNanos()) {
			logger.warn("The refresh lease of session '" + this.sessionKey + "' was held for the maximum of "
					+ this.coordinator.maxLeaseHold + " and is left to lapse");
			this.watchdog.dispose();
			return Mono.empty();
		}
		Mono<Long> renewed = this.coordinator.redis
			.execute(LeaseScripts.RENEW, List.of(this.leaseKey),
					List.of(this.owner, Long.toString(Duration.ofNanos(extension).toMillis())))
			.next();
		return this.coordinator.call(renewed, "renewing the refresh lease of session '" + this.sessionKey + "'")
			.doOnNext((result) -> {
				if (result == 1) {
					this.validUntil = sentAt + extension;
				}
				else {
					this.lost = true;
					this.watchdog.dispose();
					logger.warn("The refresh lease of session '" + this.sessionKey + "' was lost");
				}
			})
			.onErrorResume((ex) -> {
				logger
					.warn("Could not renew the refresh lease of session '" + this.sessionKey + "': " + ex.getMessage());
				if (System.nanoTime() - this.validUntil > 0) {
					// Lapsed for sure: stop renewing what another instance may hold
					// now.
					this.lost = true;
					this.watchdog.dispose();
				}
				return Mono.empty();
			});
	}

	/** Other instances take turns with this one. */
	@Override
	public boolean isShared() {
		return true;
	}

	@Override
	public <T> Mono<T> guard(Mono<T> call) {
		return Mono.defer(() -> {
			long callEnd = System.nanoTime() + this.coordinator.maxCallDuration.toNanos();
			if (!this.lost && callEnd - this.validUntil <= 0) {
				return call;
			}
			return Mono.error(new TokenStoreUnavailableException("The refresh lease of session '" + this.sessionKey
					+ "' is not certain to outlast another auth call; nothing was sent"));
		});
	}

	@Override
	public Mono<Void> release() {
		return Mono.defer(() -> {
			this.watchdog.dispose();
			return this.coordinator.releaseQuietly(this.sessionKey, this.leaseKey, this.owner);
		}).then();
	}

	/** Stop renewing, and keep the others out until the lease's expiry. */
	@Override
	public Mono<Void> lapse() {
		return Mono.fromRunnable(this.watchdog::dispose);
	}

}
