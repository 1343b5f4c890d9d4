package com.marketiger3d.auth.token;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import com.marketiger3d.auth.api.RefreshTokenRejectedException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The store and lease protocol of one renewal of one session: adopt a newer stored pair
 * if there is one, else take the {@link RefreshCoordinator}'s lease, read the store
 * again, and refresh, log in or seed the configured tokens, writing the new pair to the
 * {@link TokenStore} before it is handed back (persist before publish). A process that
 * loses the lease waits for the holder's pair and adopts it. The new pair's event is
 * published once the lease is given up, so a slow listener holds no lease.
 * <p>
 * Keeps no state between renewals (only a renewal's pending event and unwritten pair
 * while it runs): the session's pair, single flight and pause are its
 * {@link TokenRefreshService}'s, which runs one renewal at a time.
 */
final class TokenRenewer {

	/** The lifecycle's log lines keep the category applications know. */
	private static final Log logger = LogFactory.getLog(TokenRefreshService.class);

	private static final String SEEDED_BEFORE = "the configured tokens were written to the token store before,"
			+ " and another instance may have rotated them since";

	private final SharedRenewalParts shared;

	private final TokenRefreshService session;

	private final String sessionKey;

	private final @Nullable Credentials credentials;

	private final @Nullable IssuedTokens initialTokens;

	private final boolean perUser;

	/** The running renewal's event, published once its lease is given up. */
	private volatile @Nullable Runnable announcement;

	/** The running renewal's pair that the store did not take under a shared lease. */
	private volatile LeaseRelease.@Nullable Unwritten unwritten;

	TokenRenewer(SharedRenewalParts shared, TokenRefreshService session, @Nullable Credentials credentials,
			@Nullable IssuedTokens initialTokens, boolean perUser) {
		this.shared = shared;
		this.session = session;
		this.sessionKey = session.getSessionKey();
		this.credentials = credentials;
		this.initialTokens = initialTokens;
		this.perUser = perUser;
	}

	/**
	 * Renew from {@code latest}, the newest pair this process has: adopt what the store
	 * holds if it is newer, else renew under the coordinator's lease. A process that
	 * loses the lease to another waits for that one's pair (the coordinator completes
	 * empty once the stored version moved) and adopts it.
	 */
	Mono<TokenState> renew(@Nullable TokenState latest) {
		// The shared retries name the session from the context.
		return adoptOrRenew(latest).contextWrite(SharedRenewalParts.session(this.sessionKey));
	}

	private Mono<TokenState> adoptOrRenew(@Nullable TokenState latest) {
		return reads().load().flatMap((read) -> {
			TokenState stored = read.state();
			if (isRollback(stored, latest)) {
				return Mono.error(rollbackError());
			}
			if (stored != null && isNewer(stored, latest) && !stored.isExpired(clock().millis())) {
				// Another writer renewed already (or this is the first read after
				// start-up).
				return Mono.just(stored);
			}
			// The coordinator waits for the stored version to move from this one.
			long known = (stored != null) ? stored.version() : (latest != null) ? latest.version() : 0;
			// An empty acquire means another process stored a newer pair: read it again.
			// Only that: an empty result of the renewal itself must not start another
			// one.
			return this.shared.settings()
				.coordinator()
				.acquire(this.sessionKey, known)
				.map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.flatMap((lease) -> lease.isPresent() ? renewHeld(latest, lease.get()) : adoptOrRenew(latest));
		});
	}

	/**
	 * The store as renewals read it, made per use: an idle session holds nothing for it.
	 */
	private RenewalStore reads() {
		return new RenewalStore(this.shared.settings(), this.sessionKey, this.shared.storeRetry());
	}

	private boolean isNewer(TokenState stored, @Nullable TokenState latest) {
		return latest == null || store().isNewer(stored.version(), latest.version());
	}

	/**
	 * Renew under a lease, give the lease up, then publish the new pair's event: a
	 * listener that blocks keeps no other process waiting.
	 */
	private Mono<TokenState> renewHeld(@Nullable TokenState latest, RenewalLease lease) {
		return Mono.usingWhen(Mono.just(lease), (held) -> {
			this.announcement = null;
			this.unwritten = null;
			return renewHolding(latest, held);
		}, (held) -> {
			LeaseRelease.Unwritten pending = this.unwritten;
			this.unwritten = null;
			return new LeaseRelease(this.shared.settings(), this.session).giveUp(held, pending);
		}).doOnNext((state) -> Optional.ofNullable(this.announcement).ifPresent(Runnable::run));
	}

	private boolean isRollback(@Nullable TokenState stored, @Nullable TokenState latest) {
		return stored != null && latest != null && store().isRollback(stored.version(), latest.version());
	}

	private TokenStoreRollbackException rollbackError() {
		return new TokenStoreRollbackException("The token store holds an earlier pair of session '" + this.sessionKey
				+ "' than this instance knows: versions never go backwards, so it was put back; nothing is sent");
	}

	/**
	 * Renew while holding the lease. The store is read again first: the previous holder
	 * may have stored a new pair between our first read and our lease.
	 */
	private Mono<TokenState> renewHolding(@Nullable TokenState latest, RenewalLease lease) {
		Mono<RenewalStore.Read> read = lease.isShared() ? reads().loadUnderSharedLease(lease) : reads().load();
		return read.flatMap((found) -> {
			long now = clock().millis();
			TokenState stored = found.state();
			if (isRollback(stored, latest)) {
				return Mono.error(rollbackError());
			}
			boolean storeIsNewer = stored != null && isNewer(stored, latest);
			if (stored != null && storeIsNewer && !stored.isExpired(now)) {
				return Mono.just(stored);
			}
			if (stored == null && found.readable() && latest != null) {
				return afterLoss(latest, lease);
			}
			TokenState base = storeIsNewer ? stored : latest;
			if (base == null && this.initialTokens != null) {
				return found.readable() ? seed(this.initialTokens, lease) : notSeeded(lease);
			}
			return renewFrom(base, (base != null) ? "no usable refresh token" : "no tokens stored", lease);
		});
	}

	private Mono<TokenState> renewFrom(@Nullable TokenState base, String reason, RenewalLease lease) {
		return (base != null && base.canRefresh(clock().millis())) ? refresh(base, lease)
				: login(base, reason, null, lease);
	}

	/**
	 * Go on after the store lost a pair this instance knows (a key deleted, evicted, or
	 * lost by a Redis restart): another instance may have rotated it since this one last
	 * read it, so this instance's copy is never refreshed on its own word. With
	 * credentials, a login starts a new lineage that the others adopt. Without, the copy
	 * is written back only where the store shows that it is the last pair it held.
	 */
	private Mono<TokenState> afterLoss(TokenState latest, RenewalLease lease) {
		String reason = "the token store lost its pair, and another instance may have rotated this one's copy";
		if (this.credentials != null) {
			logger.warn("MarkeTiger session '" + this.sessionKey + "': " + reason + "; logging in for a new lineage");
			return login(null, reason, null, lease);
		}
		return store().restore(this.sessionKey, latest.stored)
			.map(timing()::state)
			.flatMap((restored) -> renewFrom(restored, "no usable refresh token", lease))
			.switchIfEmpty(Mono.defer(() -> login(null,
					reason + ", and the store cannot show that this instance's copy is the last it held", null,
					lease)));
	}

	/**
	 * Write the configured tokens as the session's first pair, if the store has never
	 * taken them; if it has, another instance may have rotated them since, so they are
	 * never sent: log in, or ask for new tokens.
	 */
	private Mono<TokenState> seed(IssuedTokens tokens, RenewalLease lease) {
		TokenPair pair = timing().configured(tokens, clock().instant());
		return store().seed(this.sessionKey, pair)
			.switchIfEmpty(Mono.defer(() -> store().load(this.sessionKey)))
			.map(timing()::state)
			.flatMap((state) -> state.isExpired(clock().millis()) ? renewFrom(state, "no usable refresh token", lease)
					: Mono.just(state))
			.switchIfEmpty(Mono.defer(() -> login(null, SEEDED_BEFORE, null, lease)));
	}

	/**
	 * Renew without the configured tokens while the store cannot be read: it may hold
	 * their rotation already.
	 */
	private Mono<TokenState> notSeeded(RenewalLease lease) {
		String reason = "the token store cannot be read, so the configured tokens are not used (another instance"
				+ " may have rotated them)";
		if (this.credentials != null) {
			return login(null, reason, null, lease);
		}
		return Mono.error(new TokenStoreUnavailableException("MarkeTiger session '" + this.sessionKey + "': " + reason
				+ "; they are written once the store can be read"));
	}

	private Mono<TokenState> refresh(TokenState base, RenewalLease lease) {
		return sendRefresh(base, lease).retryWhen(this.shared.refreshRetry())
			.flatMap((issued) -> refreshed(base, issued, lease))
			.onErrorResume((ex) -> ex instanceof RefreshTokenRejectedException || RetryPolicy.isPossiblyProcessed(ex),
					(ex) -> (ex instanceof RefreshTokenRejectedException)
							? dropThenLogIn(base, Objects.requireNonNull(ex.getMessage()), ex, lease)
							: afterLostAnswer(base, ex, lease));
	}

	/**
	 * Send the session's refresh token, unless the session was disconnected meanwhile: a
	 * disconnected session never spends a refresh token.
	 */
	private Mono<IssuedTokens> sendRefresh(TokenState base, RenewalLease lease) {
		TokenPair pair = base.pair();
		String refreshToken = Objects.requireNonNull(pair.refreshToken());
		return Mono.defer(() -> this.session.isDisconnected() ? Mono.error(this::disconnectedError)
				: lease.guard(this.shared.settings().client().refresh(pair.accessToken(), refreshToken)));
	}

	private Mono<TokenState> refreshed(TokenState base, IssuedTokens issued, RenewalLease lease) {
		return write(base, timing().issued(issued, clock().instant()), lease).doOnNext((state) -> {
			this.session.obtained(state);
			this.announcement = () -> this.shared.notifier()
				.renewed(this.session, this.sessionKey, state.pair(), false);
		});
	}

	/**
	 * Go on after a RefreshToken call the server may have processed without a readable
	 * answer: it may have rotated, and then the refresh token is spent. With credentials,
	 * Login is the safe answer: the refresh token is dropped and never sent again.
	 * Without, the session is lost either way, so the same refresh token is sent once
	 * more (a server that did not process the first call accepts it), and if that fails
	 * too it is dropped.
	 */
	private Mono<TokenState> afterLostAnswer(TokenState base, Throwable lost, RenewalLease lease) {
		String reason = "RefreshToken got no readable answer (" + lost.getMessage()
				+ "), so its refresh token may have been spent";
		if (this.credentials != null) {
			logger.warn("MarkeTiger session '" + this.sessionKey + "': " + reason + "; logging in instead of"
					+ " sending it again");
			return dropThenLogIn(base, reason, lost, lease);
		}
		logger.warn("MarkeTiger session '" + this.sessionKey + "': " + reason + "; with no credentials to log in"
				+ " with, it is sent once more (a server that rotated will reject it)");
		return sendRefresh(base, lease).flatMap((issued) -> refreshed(base, issued, lease))
			.onErrorResume((ex) -> !(ex instanceof MarketigerAccountNotConnectedException), (ex) -> dropThenLogIn(base,
					reason + ", and sending it once more failed too (" + ex.getMessage() + ")", ex, lease));
	}

	private Mono<TokenState> dropThenLogIn(TokenState base, String reason, Throwable cause, RenewalLease lease) {
		return dropRefreshToken(base, lease)
			.flatMap((withoutRefreshToken) -> login(withoutRefreshToken, reason, cause, lease));
	}

	/**
	 * Forget a rejected refresh token, in memory first so that it can never be sent again
	 * even if the store cannot be written.
	 */
	private Mono<TokenState> dropRefreshToken(TokenState base, RenewalLease lease) {
		TokenState dropped = timing().state(new StoredTokenPair(base.pair().withoutRefreshToken(), base.version()));
		this.session.keep(dropped);
		return write(base, dropped.pair(), lease).doOnNext(this.session::keep)
			.onErrorResume((ex) -> !(ex instanceof MarketigerAccountNotConnectedException), (ex) -> {
				logger.warn("Could not store the session without its rejected refresh token: " + ex.getMessage());
				return Mono.just(dropped);
			});
	}

	/**
	 * Log in with the session's credentials, else fail: {@code cause}, if any, is what
	 * made the login necessary.
	 */
	private Mono<TokenState> login(@Nullable TokenState base, String reason, @Nullable Throwable cause,
			RenewalLease lease) {
		Credentials credentials = this.credentials;
		if (this.session.isDisconnected()) {
			return Mono.error(this::disconnectedError);
		}
		if (credentials == null && this.perUser) {
			return Mono
				.error((cause != null) ? new MarketigerAccountNotConnectedException(this.sessionKey, reason, cause)
						: new MarketigerAccountNotConnectedException(this.sessionKey, reason));
		}
		if (credentials == null) {
			return Mono.error(new ReauthenticationRequiredException("MarkeTiger session '" + this.sessionKey
					+ "' cannot be renewed (" + reason + ") and no credentials are configured: set"
					+ " marketiger.auth.email and marketiger.auth.password, or provide a new"
					+ " marketiger.auth.refresh-token"));
		}
		return lease.guard(this.shared.settings().client().login(credentials))
			.retryWhen(this.shared.retry())
			.flatMap((issued) -> write(base, timing().issued(issued, clock().instant()), lease))
			.doOnNext((state) -> {
				this.session.obtained(state);
				this.announcement = () -> this.shared.notifier()
					.renewed(this.session, this.sessionKey, state.pair(), true);
			});
	}

	/**
	 * Write a new pair: persist before publish, the pair reaches the store before any
	 * caller can see it. When another writer replaced the pair meanwhile, its pair wins,
	 * unless it is expired: then this one replaces it. When the store cannot be reached
	 * or fails otherwise, the pair the server has just issued is the only live one: under
	 * a shared lease the write is tried again (another process that renewed from the
	 * stored, older pair would send a spent refresh token), and if it never lands, the
	 * pair is kept in this process (under the version it replaces, so that the next
	 * renewal writes it again) rather than lost, and written again before the lease is
	 * given up ({@link LeaseRelease}).
	 */
	private Mono<TokenState> write(@Nullable TokenState base, TokenPair pair, RenewalLease lease) {
		long expected = (base != null) ? base.version() : 0;
		return replace(expected, pair, lease).switchIfEmpty(Mono.defer(() -> reads().afterLostWrite(pair)))
			.switchIfEmpty(Mono.defer(() -> writeLostSession(pair)))
			.switchIfEmpty(Mono.error(() -> new TokenStoreUnavailableException(
					"the token store lost session '" + this.sessionKey + "' while it was written")))
			.map(timing()::state)
			.doOnNext((state) -> this.unwritten = null)
			.onErrorResume((ex) -> !(ex instanceof MarketigerAccountNotConnectedException), (ex) -> {
				logger.warn("MarkeTiger token store failed: the new pair of session '" + this.sessionKey
						+ "' is kept in this instance only until the store takes it (" + ex.getMessage() + ")");
				this.unwritten = lease.isShared() ? new LeaseRelease.Unwritten(pair, expected) : null;
				return Mono.just(timing().state(new StoredTokenPair(pair, Math.max(1, expected))));
			});
	}

	/**
	 * Run the compare-and-set, tried again under a shared lease. Every attempt first
	 * checks that the session was not disconnected meanwhile; every attempt after the
	 * first starts only while the lease is certain to outlast it. A retried
	 * compare-and-set whose first attempt landed unanswered finds the version moved, and
	 * the caller reads the stored pair: its own.
	 */
	private Mono<StoredTokenPair> replace(long expected, TokenPair pair, RenewalLease lease) {
		Mono<StoredTokenPair> attempt = Mono.defer(() -> this.session.isDisconnected()
				? Mono.error(this::disconnectedError) : store().replace(this.sessionKey, expected, pair));
		return lease.isShared() ? reads().retriedUnder(lease, attempt) : attempt;
	}

	/**
	 * Handle a pair that vanished from the store while it was renewed. The service
	 * account writes its new pair again: it is the only live one. A user's pair is gone
	 * because the user disconnected (here or on another instance), so it is dropped: a
	 * renewal must not connect the account again.
	 */
	private Mono<StoredTokenPair> writeLostSession(TokenPair pair) {
		if (this.perUser) {
			// The pair in memory may hold the refresh token this renewal has just spent:
			// this service must never renew again.
			this.session.disconnect();
			return Mono.error(this::disconnectedError);
		}
		return store().replace(this.sessionKey, 0, pair);
	}

	MarketigerAccountNotConnectedException disconnectedError() {
		return new MarketigerAccountNotConnectedException(this.sessionKey, "disconnected");
	}

	private TokenStore store() {
		return this.shared.settings().store();
	}

	private TokenTiming timing() {
		return this.shared.settings().timing();
	}

	private Clock clock() {
		return this.shared.settings().clock();
	}

}
