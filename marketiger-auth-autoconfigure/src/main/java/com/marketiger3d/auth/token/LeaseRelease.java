package com.marketiger3d.auth.token;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * How a renewal gives its lease up: released, unless the store did not take the new pair.
 * Then the pair is written again in the background while the lease is certain to hold
 * (other processes wait for it meanwhile, and adopt it once written), and the lease is
 * released once the pair is written, or left to lapse if it never is: freeing it would
 * let another process renew from the stored, older pair, whose refresh token this one has
 * spent.
 */
final class LeaseRelease {

	/** The lifecycle's log lines keep the category applications know. */
	private static final Log logger = LogFactory.getLog(TokenRefreshService.class);

	private final TokenServiceSettings settings;

	private final TokenRefreshService session;

	LeaseRelease(TokenServiceSettings settings, TokenRefreshService session) {
		this.settings = settings;
		this.session = session;
	}

	/**
	 * Give {@code lease} up.
	 * @param lease the lease the renewal held
	 * @param unwritten the pair the store did not take, or {@code null}
	 * @return completion, at once when a pair is written again in the background
	 */
	Mono<Void> giveUp(RenewalLease lease, @Nullable Unwritten unwritten) {
		if (unwritten == null) {
			return lease.release();
		}
		String sessionKey = this.session.getSessionKey();
		AtomicBoolean sent = new AtomicBoolean();
		Mono.defer(() -> {
			sent.set(false);
			return lease.guard(Mono.defer(() -> {
				sent.set(true);
				return this.session.isDisconnected()
						? Mono.error(new MarketigerAccountNotConnectedException(sessionKey, "disconnected"))
						: this.settings.store().replace(sessionKey, unwritten.expectedVersion(), unwritten.pair());
			}));
		})
			// Tried again while the store is unreachable and the lease lets a call
			// through.
			.retryWhen(Retry.backoff(Long.MAX_VALUE, this.settings.retryPolicy().initialBackoff())
				.maxBackoff(this.settings.retryPolicy().maxBackoff())
				.scheduler(this.settings.scheduler())
				.filter((ex) -> sent.get() && ex instanceof TokenStoreUnavailableException))
			.subscribe((written) -> lease.release().subscribe(), (ex) -> {
				logger.warn("MarkeTiger session '" + sessionKey + "': the new pair could not be stored while the"
						+ " refresh lease held (" + ex.getMessage() + "); the lease is left to lapse");
				lease.lapse().subscribe();
			}, () -> lease.release().subscribe());
		return Mono.empty();
	}

	/**
	 * A pair the store did not take, with the version it replaces ({@code 0} for none).
	 */
	record Unwritten(TokenPair pair, long expectedVersion) {

	}

}
