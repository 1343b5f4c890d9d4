package com.marketiger3d.auth.token;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

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
 * loses the lease waits for the holder's pair and adopts it.
 * <p>
 * Keeps no state between renewals: the session's pair, single flight and pause are its
 * {@link TokenRefreshService}'s, which runs one renewal at a time.
 */
final class TokenRenewer {

	/** The lifecycle's log lines keep the category applications know. */
	private static final Log logger = LogFactory.getLog(TokenRefreshService.class);

	private final SharedRenewalParts shared;

	private final TokenServiceSettings settings;

	private final TokenRefreshService session;

	private final String sessionKey;

	private final @Nullable Credentials credentials;

	private final @Nullable IssuedTokens initialTokens;

	private final boolean perUser;

	TokenRenewer(SharedRenewalParts shared, TokenRefreshService session, @Nullable Credentials credentials,
			@Nullable IssuedTokens initialTokens, boolean perUser) {
		this.shared = shared;
		this.settings = shared.settings();
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
		return renewFrom(latest).contextWrite(SharedRenewalParts.session(this.sessionKey));
	}

	private Mono<TokenState> renewFrom(@Nullable TokenState latest) {
		return loadStored().flatMap((stored) -> {
			TokenState newer = stored.filter((state) -> isNewer(state, latest)).orElse(null);
			if (newer != null && !newer.isExpired(clock().millis())) {
				// Another writer renewed already (or this is the first read after
				// start-up).
				return Mono.just(newer);
			}
			long known = Math.max((latest != null) ? latest.version() : 0, stored.map(TokenState::version).orElse(0L));
			// An empty acquire means another process stored a newer pair: read it again.
			// Only that: an empty result of the renewal itself must not start another
			// one.
			return this.settings.coordinator()
				.acquire(this.sessionKey, known)
				.map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.flatMap((lease) -> lease.isPresent() ? Mono.usingWhen(Mono.just(lease.get()),
						(held) -> renewHolding(latest, held), RenewalLease::release) : renewFrom(latest));
		});
	}

	/**
	 * Return the store as the service can read it: empty when it holds nothing, and empty
	 * too when it cannot be reached, so that the local pair carries on (the coordinator
	 * decides whether this process may renew without the store).
	 */
	private Mono<Optional<TokenState>> loadStored() {
		return asState(store().load(this.sessionKey)).onErrorResume(TokenStoreUnavailableException.class, (ex) -> {
			logger.warn("MarkeTiger token store unreachable for session '" + this.sessionKey + "' (" + ex.getMessage()
					+ "); the refresh coordinator decides whether this instance renews from its own pair");
			return Mono.just(Optional.empty());
		});
	}

	/**
	 * Return the store as the holder of a shared lease must read it: another process may
	 * have renewed since this one last read the store, spending the refresh token this
	 * one holds, so a store that cannot be read ends the renewal instead of carrying on.
	 */
	private Mono<Optional<TokenState>> loadStoredUnderSharedLease(RenewalLease lease) {
		return asState(retriedUnder(lease, Mono.defer(() -> store().load(this.sessionKey)))).onErrorMap(
				TokenStoreUnavailableException.class,
				(ex) -> new TokenStoreUnavailableException("the token store could not be read under the refresh"
						+ " lease of session '" + this.sessionKey + "', so it was not renewed: another instance"
						+ " may have renewed it meanwhile (" + ex.getMessage() + ")", ex));
	}

	private Mono<Optional<TokenState>> asState(Mono<StoredTokenPair> stored) {
		return stored.map(timing()::state).map(Optional::of).defaultIfEmpty(Optional.empty());
	}

	/**
	 * Run a store call under a shared lease, tried twice more when the store cannot be
	 * reached; each retry starts only while the lease is certain to outlast it.
	 */
	private <T> Mono<T> retriedUnder(RenewalLease lease, Mono<T> call) {
		AtomicInteger attempts = new AtomicInteger();
		return Mono.defer(() -> (attempts.getAndIncrement() == 0) ? call : lease.guard(call))
			.retryWhen(this.shared.storeRetry());
	}

	private static boolean isNewer(TokenState stored, @Nullable TokenState latest) {
		return latest == null || stored.version() > latest.version();
	}

	/**
	 * Renew while holding the lease. The store is read again first: the previous holder
	 * may have stored a new pair between our first read and our lease.
	 */
	private Mono<TokenState> renewHolding(@Nullable TokenState latest, RenewalLease lease) {
		Mono<Optional<TokenState>> read = lease.isShared() ? loadStoredUnderSharedLease(lease) : loadStored();
		return read.flatMap((found) -> {
			long now = clock().millis();
			TokenState stored = found.orElse(null);
			boolean storeIsNewer = stored != null && isNewer(stored, latest);
			if (storeIsNewer && !stored.isExpired(now)) {
				return Mono.just(stored);
			}
			TokenState base = storeIsNewer ? stored : latest;
			if (base == null && this.initialTokens != null) {
				return seed(this.initialTokens, lease);
			}
			if (base != null && base.canRefresh(now)) {
				return refresh(base, lease);
			}
			return login(base, (base != null) ? "no usable refresh token" : "no tokens stored", null, lease);
		});
	}

	private Mono<TokenState> seed(IssuedTokens tokens, RenewalLease lease) {
		TokenPair pair = timing().configured(tokens, clock().instant());
		return write(null, pair, lease).flatMap((state) -> {
			long now = clock().millis();
			if (!state.isExpired(now)) {
				return Mono.just(state);
			}
			return state.canRefresh(now) ? refresh(state, lease) : login(state, "no usable refresh token", null, lease);
		});
	}

	private Mono<TokenState> refresh(TokenState base, RenewalLease lease) {
		return sendRefresh(base, lease).retryWhen(this.shared.refreshRetry())
			.flatMap((issued) -> refreshed(base, issued, lease))
			.onErrorResume((ex) -> ex instanceof RefreshTokenRejectedException || RetryPolicy.isPossiblyProcessed(ex),
					(ex) -> (ex instanceof RefreshTokenRejectedException)
							? dropThenLogIn(base, ex.getMessage(), ex, lease) : afterLostAnswer(base, ex, lease));
	}

	/**
	 * Send the session's refresh token, unless the session was disconnected meanwhile: a
	 * disconnected session never spends a refresh token.
	 */
	private Mono<IssuedTokens> sendRefresh(TokenState base, RenewalLease lease) {
		TokenPair pair = base.pair();
		String refreshToken = Objects.requireNonNull(pair.refreshToken());
		return Mono.defer(() -> this.session.isDisconnected() ? Mono.error(this::disconnectedError)
				: lease.guard(this.settings.client().refresh(pair.accessToken(), refreshToken)));
	}

	private Mono<TokenState> refreshed(TokenState base, IssuedTokens issued, RenewalLease lease) {
		return write(base, timing().issued(issued, clock().instant()), lease).doOnNext((state) -> {
			this.session.obtained(state);
			this.shared.notifier().renewed(this.session, this.sessionKey, state.pair(), false);
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
		return lease.guard(this.settings.client().login(credentials))
			.retryWhen(this.shared.retry())
			.flatMap((issued) -> write(base, timing().issued(issued, clock().instant()), lease))
			.doOnNext((state) -> {
				this.session.obtained(state);
				this.shared.notifier().renewed(this.session, this.sessionKey, state.pair(), true);
			});
	}

	/**
	 * Write a new pair: persist before publish, the pair reaches the store before any
	 * caller can see it. When another writer replaced the pair meanwhile, its pair wins.
	 * When the store cannot be reached, the pair the server has just issued is the only
	 * live one: under a shared lease the write is tried again (another process that
	 * renewed from the stored, older pair would send a spent refresh token), and if it
	 * never lands, the pair is kept in this process (under the version it replaces, so
	 * that the next renewal writes it again) rather than lost.
	 */
	private Mono<TokenState> write(@Nullable TokenState base, TokenPair pair, RenewalLease lease) {
		long expected = (base != null) ? base.version() : 0;
		return replace(expected, pair, lease).switchIfEmpty(Mono.defer(() -> store().load(this.sessionKey)))
			.switchIfEmpty(Mono.defer(() -> writeLostSession(pair)))
			.switchIfEmpty(Mono.error(() -> new TokenStoreUnavailableException(
					"the token store lost session '" + this.sessionKey + "' while it was written")))
			.map(timing()::state)
			.onErrorResume(TokenStoreUnavailableException.class, (ex) -> {
				logger.warn("MarkeTiger token store unreachable: the new pair of session '" + this.sessionKey
						+ "' is kept in this instance only until the store answers again (" + ex.getMessage() + ")");
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
		return lease.isShared() ? retriedUnder(lease, attempt) : attempt;
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
		return this.settings.store();
	}

	private TokenTiming timing() {
		return this.settings.timing();
	}

	private Clock clock() {
		return this.settings.clock();
	}

}
