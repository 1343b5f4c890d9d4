package com.marketiger3d.auth.token;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The token store as one session's renewals read it: a read tells a store that holds no
 * pair from one that cannot be reached, calls under a shared lease are tried again, and a
 * lost compare-and-set is settled. Made per use: an idle session holds none.
 */
final class RenewalStore {

	/** The lifecycle's log lines keep the category applications know. */
	private static final Log logger = LogFactory.getLog(TokenRefreshService.class);

	private final TokenServiceSettings settings;

	private final String sessionKey;

	/** For the store's reads and writes under a shared lease; shared by every session. */
	private final Retry storeRetry;

	RenewalStore(TokenServiceSettings settings, String sessionKey, Retry storeRetry) {
		this.settings = settings;
		this.sessionKey = sessionKey;
		this.storeRetry = storeRetry;
	}

	/**
	 * Return the store as the service can read it: no pair when it holds none, and no
	 * pair either, but unreadable, when it cannot be reached, so that the local pair
	 * carries on (the coordinator decides whether this process may renew without the
	 * store).
	 */
	Mono<Read> load() {
		return read(this.settings.store().load(this.sessionKey)).onErrorResume(TokenStoreUnavailableException.class,
				(ex) -> {
					logger.warn("MarkeTiger token store unreachable for session '" + this.sessionKey + "' ("
							+ ex.getMessage()
							+ "); the refresh coordinator decides whether this instance renews from its own pair");
					return Mono.just(Read.UNREADABLE);
				});
	}

	/**
	 * Return the store as the holder of a shared lease must read it: another process may
	 * have renewed since this one last read the store, spending the refresh token this
	 * one holds, so a store that cannot be read ends the renewal instead of carrying on.
	 */
	Mono<Read> loadUnderSharedLease(RenewalLease lease) {
		return read(retriedUnder(lease, Mono.defer(() -> this.settings.store().load(this.sessionKey)))).onErrorMap(
				TokenStoreUnavailableException.class,
				(ex) -> new TokenStoreUnavailableException("the token store could not be read under the refresh"
						+ " lease of session '" + this.sessionKey + "', so it was not renewed: another instance"
						+ " may have renewed it meanwhile (" + ex.getMessage() + ")", ex));
	}

	private Mono<Read> read(Mono<StoredTokenPair> stored) {
		return stored.map((pair) -> new Read(this.settings.timing().state(pair), true)).defaultIfEmpty(Read.EMPTY);
	}

	/**
	 * Run a store call under a shared lease, tried twice more when the store cannot be
	 * reached; each retry starts only while the lease is certain to outlast it.
	 */
	<T> Mono<T> retriedUnder(RenewalLease lease, Mono<T> call) {
		AtomicInteger attempts = new AtomicInteger();
		return Mono.defer(() -> (attempts.getAndIncrement() == 0) ? call : lease.guard(call))
			.retryWhen(this.storeRetry);
	}

	/**
	 * Read the pair that won over this renewal's compare-and-set. An expired one is
	 * replaced by this renewal's pair, which is live: adopting it would hand out an
	 * expired token and renew again at once.
	 */
	Mono<StoredTokenPair> afterLostWrite(TokenPair pair) {
		return this.settings.store().load(this.sessionKey).flatMap((won) -> {
			if (!this.settings.timing().state(won).isExpired(this.settings.clock().millis())) {
				return Mono.just(won);
			}
			return this.settings.store()
				.replace(this.sessionKey, won.version(), pair)
				.switchIfEmpty(Mono.defer(() -> this.settings.store().load(this.sessionKey)));
		});
	}

	/**
	 * A read of the store: its pair, if any, and whether the store answered.
	 *
	 * @param state the stored pair, or {@code null} when there is none or the store did
	 * not answer
	 * @param readable whether the store answered
	 */
	record Read(@Nullable TokenState state, boolean readable) {

		static final Read EMPTY = new Read(null, true);

		static final Read UNREADABLE = new Read(null, false);

	}

}
