package com.marketiger3d.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.InvalidCredentialsException;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.api.MarketigerAuthException;
import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import com.marketiger3d.auth.api.RefreshTokenRejectedException;
import com.marketiger3d.auth.api.TransientAuthFailureException;
import com.marketiger3d.auth.token.event.LoginEvent;
import com.marketiger3d.auth.token.event.ReauthenticationRequiredEvent;
import com.marketiger3d.auth.token.event.TokenRefreshFailedEvent;
import com.marketiger3d.auth.token.event.TokenRefreshedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Keeps a usable access token for one session (one token lineage) and hands it out.
 * <p>
 * For the current pair, at the instant of the injected {@link Clock}:
 * <ul>
 * <li><b>fresh</b> (before {@code expiry - refreshAhead}): the token is handed out with
 * no IO, no lock and no allocation;</li>
 * <li><b>stale</b> (until {@code expiry - clockSkew}): the token is handed out at once
 * and one background refresh starts, unless one is running;</li>
 * <li><b>expired</b>: callers wait for the one shared refresh;</li>
 * <li><b>cannot refresh</b> (no refresh token, refresh token past its lifetime, or
 * rejected): Login with the configured credentials, else
 * {@link ReauthenticationRequiredException} and a
 * {@link ReauthenticationRequiredEvent}.</li>
 * </ul>
 * Refreshing ahead never takes more than half of a token's lifetime, so a short-lived
 * token is refreshed once per lifetime, not on every call. See {@link TokenTiming}.
 * <p>
 * At most one renewal (refresh or login) runs at a time, and every caller that needs it
 * shares its result; a refresh token is never sent after it was answered. The new pair is
 * written to the {@link TokenStore} before any caller sees it. Transient failures are
 * retried per the {@link RetryPolicy} while a still-valid token keeps being served; a
 * rejected refresh token is dropped and never retried. A caller that cancels does not
 * cancel the renewal. A failed renewal is forgotten once it ends: the next caller starts
 * a new one, after the failure's backoff.
 * <p>
 * When several processes share the store, a renewal first adopts a newer stored pair if
 * there is one, and otherwise renews only while holding the {@link RefreshCoordinator}'s
 * lease for the session; a process that loses the lease waits for the holder's pair and
 * adopts it. With the default, in-process coordinator every lease is granted at once.
 * <p>
 * This class is thread-safe.
 *
 * @since 0.1.0
 */
public class TokenRefreshService {

	/** The session key of the configured service account. */
	public static final String SERVICE_ACCOUNT_SESSION = "service-account";

	private static final Log logger = LogFactory.getLog(TokenRefreshService.class);

	private static final int STORE_RETRIES = 2;

	private final MarketigerAuthClient client;

	private final TokenStore store;

	private final RefreshCoordinator coordinator;

	private final String sessionKey;

	private final TokenTiming timing;

	private final RetryPolicy retryPolicy;

	private final @Nullable Credentials credentials;

	private final @Nullable IssuedTokens initialTokens;

	private final Clock clock;

	private final Scheduler scheduler;

	private final ApplicationEventPublisher events;

	private final Retry retry;

	/** For the store's reads and writes under a shared lease. */
	private final Retry storeRetry;

	private final boolean perUser;

	/**
	 * The pair callers get; written only by a renewal, before it clears {@link #renewal}.
	 */
	private volatile @Nullable TokenState current;

	/** The renewal in progress, if any: the single flight. */
	private final AtomicReference<@Nullable Renewal> renewal = new AtomicReference<>();

	/** After a failed renewal, no new one starts before this instant (epoch millis). */
	private volatile long notBeforeMillis;

	/** Set when the user's session was disconnected: nothing may be stored any more. */
	private volatile boolean disconnected;

	private final Mono<String> accessToken = Mono.defer(this::resolveAccessToken);

	/**
	 * Create the service from a builder; see
	 * {@link #builder(MarketigerAuthClient, TokenStore)}.
	 * @param builder the builder
	 */
	protected TokenRefreshService(Builder builder) {
		this.client = builder.client;
		this.store = builder.store;
		this.coordinator = builder.coordinator;
		this.sessionKey = builder.sessionKey;
		this.timing = builder.timing;
		this.retryPolicy = builder.retryPolicy;
		this.credentials = builder.credentials;
		this.initialTokens = builder.initialTokens;
		this.clock = builder.clock;
		this.scheduler = builder.scheduler;
		this.events = builder.events;
		this.perUser = builder.perUser;
		this.retry = this.retryPolicy.toRetry(this.scheduler,
				(signal) -> logger.warn("MarkeTiger auth call failed (" + signal.failure().getMessage() + "); retry "
						+ (signal.totalRetries() + 1) + " of " + (this.retryPolicy.maxAttempts() - 1) + " for session '"
						+ this.sessionKey + "'"));
		this.storeRetry = Retry.backoff(STORE_RETRIES, this.retryPolicy.initialBackoff())
			.maxBackoff(this.retryPolicy.maxBackoff())
			.scheduler(this.scheduler)
			.filter(TokenStoreUnavailableException.class::isInstance)
			.doBeforeRetry((signal) -> logger.warn("MarkeTiger token store call for session '" + this.sessionKey
					+ "' failed under the refresh lease (" + signal.failure().getMessage() + "); retry "
					+ (signal.totalRetries() + 1) + " of " + STORE_RETRIES))
			.onRetryExhaustedThrow((spec, signal) -> signal.failure());
	}

	/**
	 * Start a builder.
	 * @param client the auth client
	 * @param store where the pairs live
	 * @return a builder
	 */
	public static Builder builder(MarketigerAuthClient client, TokenStore store) {
		return new Builder(client, store);
	}

	/**
	 * A usable access token: the current one while it is fresh or stale, else the result
	 * of the shared renewal. The returned {@link Mono} is lazy and may be subscribed many
	 * times.
	 * @return the access token, or an error: {@link ReauthenticationRequiredException},
	 * {@link InvalidCredentialsException}, or the last transient failure once retries ran
	 * out
	 */
	public Mono<String> accessToken() {
		return this.accessToken;
	}

	/**
	 * A usable access token after the API answered 401 to {@code rejectedAccessToken}.
	 * Renews only if that token is still the current one; if another caller already
	 * replaced it, the current token is returned without a call.
	 * @param rejectedAccessToken the token the API rejected
	 * @return the token to replay the request with
	 */
	public Mono<String> accessTokenAfterRejection(String rejectedAccessToken) {
		return Mono.defer(() -> {
			TokenState state = this.current;
			if (state != null && !state.accessTokenValue().equals(rejectedAccessToken)) {
				return this.accessToken;
			}
			return renewal(state).map(TokenState::accessTokenValue);
		});
	}

	/**
	 * Renew now, whatever the state of the current pair (joins a renewal already
	 * running).
	 * @return the new pair
	 */
	public Mono<TokenPair> refreshNow() {
		return Mono.defer(() -> renewal(this.current).map(TokenState::pair));
	}

	/**
	 * The pair callers currently get, without any IO.
	 * @return the pair, or empty before the first token was obtained
	 */
	public Optional<TokenPair> currentTokens() {
		TokenState state = this.current;
		return (state != null) ? Optional.of(state.pair()) : Optional.empty();
	}

	/**
	 * A snapshot of the current pair, for health checks and metrics; makes no call.
	 * @return the status
	 */
	public TokenStatus status() {
		TokenState state = this.current;
		long now = this.clock.millis();
		if (state == null) {
			return new TokenStatus(this.sessionKey, TokenFreshness.ABSENT, Instant.ofEpochMilli(now), null, null, null);
		}
		TokenFreshness freshness = (now < state.refreshAtMillis) ? TokenFreshness.FRESH
				: state.isExpired(now) ? TokenFreshness.EXPIRED : TokenFreshness.STALE;
		TokenPair pair = state.pair();
		return new TokenStatus(this.sessionKey, freshness, Instant.ofEpochMilli(now), pair.accessTokenFingerprint(),
				pair.accessTokenExpiresAt(), pair.refreshTokenExpiresAt());
	}

	/**
	 * The session this service keeps tokens for.
	 * @return the session key
	 */
	public String getSessionKey() {
		return this.sessionKey;
	}

	/**
	 * Whether a renewal is running now.
	 * @return {@code true} while a refresh or login is in flight
	 */
	public boolean isRenewing() {
		return this.renewal.get() != null;
	}

	/**
	 * The access token if it can be handed out at once, with no IO and no allocation:
	 * when it is fresh, or stale (then one background renewal starts, as
	 * {@link #accessToken()} does). For callers on a hot path that want to skip the
	 * {@link Mono} when nothing needs to wait.
	 * @return the token, or {@code null} when the caller must wait for a renewal through
	 * {@link #accessToken()}
	 */
	public @Nullable String currentAccessToken() {
		TokenState state = this.current;
		return (state != null && isServable(state)) ? state.accessTokenValue() : null;
	}

	private Mono<String> resolveAccessToken() {
		TokenState state = this.current;
		if (state != null && isServable(state)) {
			return state.accessToken;
		}
		return renewal(state).map(TokenState::accessTokenValue);
	}

	/**
	 * Whether the pair's token can be handed out now: fresh, or stale, in which case one
	 * background renewal is started unless one runs or the last failure's backoff holds.
	 */
	private boolean isServable(TokenState state) {
		long now = this.clock.millis();
		if (now < state.refreshAtMillis) {
			return true;
		}
		if (now >= state.expiredAtMillis) {
			return false;
		}
		if (now >= this.notBeforeMillis && this.renewal.get() == null) {
			renewal(state);
		}
		return true;
	}

	/**
	 * Join the running renewal, or start one for {@code seen}, the state the caller
	 * judged.
	 */
	private Mono<TokenState> renewal(@Nullable TokenState seen) {
		for (;;) {
			Renewal running = this.renewal.get();
			if (running != null) {
				return running.result();
			}
			Renewal started = new Renewal();
			if (this.renewal.compareAndSet(null, started)) {
				start(started, seen);
				return started.result();
			}
		}
	}

	private void start(Renewal renewal, @Nullable TokenState seen) {
		if (this.disconnected) {
			refuse(renewal, disconnectedError());
			return;
		}
		// A renewal that ended between the caller's read of `current` and the
		// compare-and-set above has already replaced `current` (it writes it before
		// clearing `renewal`): reuse its pair instead of sending a refresh token that was
		// just used.
		TokenState latest = this.current;
		long now = this.clock.millis();
		if (latest != null && latest != seen && !latest.isExpired(now)) {
			finish(renewal, latest);
			return;
		}
		// A server that asked for a long pause (Retry-After beyond the longest backoff)
		// is
		// not waited out inside a renewal that callers are blocked on: they fail at once.
		long wait = this.notBeforeMillis - now;
		if (wait > this.retryPolicy.maxBackoff().toMillis()) {
			refuse(renewal, new TransientAuthFailureException(
					"MarkeTiger auth calls for session '" + this.sessionKey + "' are paused until "
							+ Instant.ofEpochMilli(this.notBeforeMillis) + " as the server asked; try again later",
					Duration.ofMillis(wait)));
			return;
		}
		// Subscribed here, not by the callers: a caller that cancels leaves the renewal
		// running.
		waitOutBackoff().then(Mono.defer(() -> renew(latest)))
			.switchIfEmpty(Mono.error(() -> new IllegalStateException(
					"MarkeTiger token renewal for session '" + this.sessionKey + "' completed without a token pair")))
			.subscribe((state) -> finish(renewal, state), (failure) -> fail(renewal, failure));
	}

	private Mono<Long> waitOutBackoff() {
		long wait = this.notBeforeMillis - this.clock.millis();
		return (wait > 0) ? Mono.delay(Duration.ofMillis(wait), this.scheduler) : Mono.just(0L);
	}

	/**
	 * Adopt what the store holds if it is newer, else renew under the coordinator's
	 * lease. A process that loses the lease to another waits for that one's pair (the
	 * coordinator completes empty once the stored version moved) and adopts it.
	 */
	private Mono<TokenState> renew(@Nullable TokenState latest) {
		return loadStored().flatMap((stored) -> {
			TokenState newer = stored.filter((state) -> isNewer(state, latest)).orElse(null);
			if (newer != null && !newer.isExpired(this.clock.millis())) {
				// Another writer renewed already (or this is the first read after
				// start-up).
				return Mono.just(newer);
			}
			long known = Math.max((latest != null) ? latest.version() : 0, stored.map(TokenState::version).orElse(0L));
			// An empty acquire means another process stored a newer pair: read it again.
			// Only that: an empty result of the renewal itself must not start another
			// one.
			return this.coordinator.acquire(this.sessionKey, known)
				.map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.flatMap((lease) -> lease.isPresent() ? Mono.usingWhen(Mono.just(lease.get()),
						(held) -> renewHolding(latest, held), RenewalLease::release) : renew(latest));
		});
	}

	/**
	 * The store as the service can read it: empty when it holds nothing, and empty too
	 * when it cannot be reached, so that the local pair carries on (the coordinator
	 * decides whether this process may renew without the store).
	 */
	private Mono<Optional<TokenState>> loadStored() {
		return asState(this.store.load(this.sessionKey)).onErrorResume(TokenStoreUnavailableException.class, (ex) -> {
			logger.warn("MarkeTiger token store unreachable for session '" + this.sessionKey + "' (" + ex.getMessage()
					+ "); the refresh coordinator decides whether this instance renews from its own pair");
			return Mono.just(Optional.empty());
		});
	}

	/**
	 * The store as the holder of a shared lease must read it: another process may have
	 * renewed since this one last read the store, spending the refresh token this one
	 * holds, so a store that cannot be read ends the renewal instead of carrying on.
	 */
	private Mono<Optional<TokenState>> loadStoredUnderSharedLease(RenewalLease lease) {
		return asState(retriedUnder(lease, Mono.defer(() -> this.store.load(this.sessionKey)))).onErrorMap(
				TokenStoreUnavailableException.class,
				(ex) -> new TokenStoreUnavailableException("the token store could not be read under the refresh"
						+ " lease of session '" + this.sessionKey + "', so it was not renewed: another instance"
						+ " may have renewed it meanwhile (" + ex.getMessage() + ")", ex));
	}

	private Mono<Optional<TokenState>> asState(Mono<StoredTokenPair> stored) {
		return stored.map(this.timing::state).map(Optional::of).defaultIfEmpty(Optional.empty());
	}

	/**
	 * A store call under a shared lease, tried twice more when the store cannot be
	 * reached; each retry starts only while the lease is certain to outlast it.
	 */
	private <T> Mono<T> retriedUnder(RenewalLease lease, Mono<T> call) {
		AtomicInteger attempts = new AtomicInteger();
		return Mono.defer(() -> (attempts.getAndIncrement() == 0) ? call : lease.guard(call))
			.retryWhen(this.storeRetry);
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
			long now = this.clock.millis();
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
			return login(base, (base != null) ? "no usable refresh token" : "no tokens stored", lease);
		});
	}

	private Mono<TokenState> seed(IssuedTokens tokens, RenewalLease lease) {
		TokenPair pair = this.timing.configured(tokens, this.clock.instant());
		return write(null, pair, lease).flatMap((state) -> {
			long now = this.clock.millis();
			if (!state.isExpired(now)) {
				return Mono.just(state);
			}
			return state.canRefresh(now) ? refresh(state, lease) : login(state, "no usable refresh token", lease);
		});
	}

	private Mono<TokenState> refresh(TokenState base, RenewalLease lease) {
		TokenPair pair = base.pair();
		String refreshToken = Objects.requireNonNull(pair.refreshToken());
		return lease.guard(this.client.refresh(pair.accessToken(), refreshToken))
			.retryWhen(this.retry)
			.flatMap((issued) -> write(base, this.timing.issued(issued, this.clock.instant()), lease))
			.doOnNext((state) -> announce(state, false))
			.onErrorResume(RefreshTokenRejectedException.class, (rejected) -> dropRefreshToken(base, lease)
				.flatMap((withoutRefreshToken) -> login(withoutRefreshToken, rejected.getMessage(), lease)));
	}

	/**
	 * Forget a rejected refresh token, in memory first so that it can never be sent again
	 * even if the store cannot be written.
	 */
	private Mono<TokenState> dropRefreshToken(TokenState base, RenewalLease lease) {
		TokenState dropped = this.timing.state(new StoredTokenPair(base.pair().withoutRefreshToken(), base.version()));
		this.current = dropped;
		return write(base, dropped.pair(), lease).doOnNext((state) -> this.current = state)
			.onErrorResume((ex) -> !(ex instanceof MarketigerAccountNotConnectedException), (ex) -> {
				logger.warn("Could not store the session without its rejected refresh token: " + ex.getMessage());
				return Mono.just(dropped);
			});
	}

	private Mono<TokenState> login(@Nullable TokenState base, String reason, RenewalLease lease) {
		Credentials credentials = this.credentials;
		if (this.disconnected) {
			return Mono.error(this::disconnectedError);
		}
		if (credentials == null && this.perUser) {
			return Mono.error(new MarketigerAccountNotConnectedException(this.sessionKey, reason));
		}
		if (credentials == null) {
			ReauthenticationRequiredException required = new ReauthenticationRequiredException(
					"MarkeTiger session '" + this.sessionKey + "' cannot be renewed (" + reason
							+ ") and no credentials are configured: set marketiger.auth.email and"
							+ " marketiger.auth.password, or provide a new marketiger.auth.refresh-token");
			return Mono.error(required);
		}
		return lease.guard(this.client.login(credentials))
			.retryWhen(this.retry)
			.flatMap((issued) -> write(base, this.timing.issued(issued, this.clock.instant()), lease))
			.doOnNext((state) -> announce(state, true));
	}

	/**
	 * Persist before publish: the pair reaches the store before any caller can see it.
	 * When another writer replaced the pair meanwhile, its pair wins. When the store
	 * cannot be reached, the pair the server has just issued is the only live one: under
	 * a shared lease the write is tried again (another process that renewed from the
	 * stored, older pair would send a spent refresh token), and if it never lands, the
	 * pair is kept in this process (under the version it replaces, so that the next
	 * renewal writes it again) rather than lost.
	 */
	private Mono<TokenState> write(@Nullable TokenState base, TokenPair pair, RenewalLease lease) {
		long expected = (base != null) ? base.version() : 0;
		return replace(expected, pair, lease).switchIfEmpty(Mono.defer(() -> this.store.load(this.sessionKey)))
			.switchIfEmpty(Mono.defer(() -> writeLostSession(pair)))
			.switchIfEmpty(Mono.error(() -> new TokenStoreUnavailableException(
					"the token store lost session '" + this.sessionKey + "' while it was written")))
			.map(this.timing::state)
			.onErrorResume(TokenStoreUnavailableException.class, (ex) -> {
				logger.warn("MarkeTiger token store unreachable: the new pair of session '" + this.sessionKey
						+ "' is kept in this instance only until the store answers again (" + ex.getMessage() + ")");
				return Mono.just(this.timing.state(new StoredTokenPair(pair, Math.max(1, expected))));
			});
	}

	/**
	 * The compare-and-set, tried again under a shared lease. Every attempt first checks
	 * that the session was not disconnected meanwhile; every attempt after the first
	 * starts only while the lease is certain to outlast it. A retried compare-and-set
	 * whose first attempt landed unanswered finds the version moved, and the caller reads
	 * the stored pair: its own.
	 */
	private Mono<StoredTokenPair> replace(long expected, TokenPair pair, RenewalLease lease) {
		Mono<StoredTokenPair> attempt = Mono.defer(() -> this.disconnected ? Mono.error(this::disconnectedError)
				: this.store.replace(this.sessionKey, expected, pair));
		return lease.isShared() ? retriedUnder(lease, attempt) : attempt;
	}

	/**
	 * The session's pair vanished from the store while it was renewed. The service
	 * account writes its new pair again: it is the only live one. A user's pair is gone
	 * because the user disconnected (here or on another instance), so it is dropped: a
	 * renewal must not connect the account again.
	 */
	private Mono<StoredTokenPair> writeLostSession(TokenPair pair) {
		if (this.perUser) {
			// The pair in memory may hold the refresh token this renewal has just spent:
			// this service must never renew again.
			disconnect();
			return Mono.error(this::disconnectedError);
		}
		return this.store.replace(this.sessionKey, 0, pair);
	}

	private MarketigerAccountNotConnectedException disconnectedError() {
		return new MarketigerAccountNotConnectedException(this.sessionKey, "disconnected");
	}

	/**
	 * Stop storing anything for this user's session and stop renewing it: it was
	 * disconnected. A renewal still running ends with
	 * {@link MarketigerAccountNotConnectedException}, and so does every later one.
	 */
	void disconnect() {
		this.disconnected = true;
		this.current = null;
	}

	/**
	 * Whether this user's session was disconnected; {@link TokenSessions} then makes a
	 * new service for the session key.
	 */
	boolean isDisconnected() {
		return this.disconnected;
	}

	private void announce(TokenState state, boolean login) {
		TokenPair pair = state.pair();
		logger.info("MarkeTiger " + (login ? "login" : "token refresh") + " for session '" + this.sessionKey
				+ "': access token " + pair.accessTokenFingerprint() + " valid until " + pair.accessTokenExpiresAt()
				+ ", refresh token " + pair.refreshTokenFingerprint());
		if (login) {
			publish(new LoginEvent(this, this.sessionKey, pair.accessTokenFingerprint(), pair.accessTokenExpiresAt(),
					pair.refreshTokenExpiresAt()));
		}
		else {
			publish(new TokenRefreshedEvent(this, this.sessionKey, pair.accessTokenFingerprint(),
					pair.accessTokenExpiresAt(), pair.refreshTokenExpiresAt()));
		}
	}

	/**
	 * Listeners run on the thread that completed the renewal (often an HTTP client
	 * thread) and must not block; one that throws is logged and cannot undo a stored
	 * pair.
	 */
	private void publish(ApplicationEvent event) {
		try {
			this.events.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of " + event.getClass().getSimpleName() + " failed", ex);
		}
	}

	private void finish(Renewal renewal, TokenState state) {
		this.current = state;
		this.notBeforeMillis = 0;
		this.renewal.compareAndSet(renewal, null);
		renewal.sink.tryEmitValue(state);
	}

	private void fail(Renewal renewal, Throwable failure) {
		this.notBeforeMillis = this.clock.millis() + backoffAfter(failure).toMillis();
		try {
			if (failure instanceof ReauthenticationRequiredException required) {
				if (required instanceof MarketigerAccountNotConnectedException) {
					// A user's state, not a fault: the application asks the user to
					// connect
					logger.info(required.getMessage());
				}
				else {
					logger.error(required.getMessage());
				}
				publish(new ReauthenticationRequiredEvent(this, this.sessionKey, required));
			}
			else if (failure instanceof MarketigerAuthException authFailure) {
				String hint = (failure instanceof InvalidCredentialsException && !this.perUser)
						? "; check marketiger.auth.email and marketiger.auth.password" : "";
				logger.warn("MarkeTiger token renewal for session '" + this.sessionKey + "' failed: "
						+ authFailure.getMessage() + hint);
				publish(new TokenRefreshFailedEvent(this, this.sessionKey, authFailure));
			}
			else {
				logger.error("MarkeTiger token renewal for session '" + this.sessionKey + "' failed unexpectedly",
						failure);
			}
		}
		finally {
			// Cleared after the event, as a successful renewal announces before it
			// clears: whoever sees no renewal running also sees its outcome published.
			// In a finally, so that nothing a listener throws can leave the renewal
			// registered forever.
			refuse(renewal, failure);
		}
	}

	private void refuse(Renewal renewal, Throwable failure) {
		this.renewal.compareAndSet(renewal, null);
		renewal.sink.tryEmitError(failure);
	}

	/**
	 * How long the next renewal waits after a failed one: the server's hint, the longest
	 * backoff for rejected credentials (so a wrong password does not hammer Login), else
	 * the first backoff.
	 */
	private Duration backoffAfter(Throwable failure) {
		Duration retryAfter = RetryPolicy.retryAfter(failure);
		if (retryAfter != null) {
			return retryAfter;
		}
		if (failure instanceof InvalidCredentialsException || failure instanceof TokenStoreUnavailableException) {
			return this.retryPolicy.maxBackoff();
		}
		if (failure instanceof TransientAuthFailureException || RetryPolicy.isRetryable(failure)) {
			return this.retryPolicy.initialBackoff();
		}
		return Duration.ZERO;
	}

	@Override
	public String toString() {
		return "TokenRefreshService[session=" + this.sessionKey + ", tokens=" + this.current + "]";
	}

	/** One renewal: its result, shared by every caller that joins it. */
	private static final class Renewal {

		private final Sinks.One<TokenState> sink = Sinks.one();

		Mono<TokenState> result() {
			return this.sink.asMono();
		}

	}

	/**
	 * Builds a {@link TokenRefreshService}.
	 */
	public static class Builder {

		private final MarketigerAuthClient client;

		private final TokenStore store;

		private RefreshCoordinator coordinator = RefreshCoordinator.inProcess();

		private String sessionKey = SERVICE_ACCOUNT_SESSION;

		private TokenTiming timing = TokenTiming.defaults();

		private RetryPolicy retryPolicy = RetryPolicy.defaults();

		private @Nullable Credentials credentials;

		private @Nullable IssuedTokens initialTokens;

		private Clock clock = Clock.systemUTC();

		private Scheduler scheduler = Schedulers.parallel();

		private ApplicationEventPublisher events = (event) -> {
		};

		private boolean perUser;

		/**
		 * Start a builder.
		 * @param client the client that logs in and refreshes
		 * @param store where the pair is kept
		 */
		protected Builder(MarketigerAuthClient client, TokenStore store) {
			this.client = Objects.requireNonNull(client, "client must not be null");
			this.store = Objects.requireNonNull(store, "store must not be null");
		}

		/**
		 * A builder for one user's session with everything of this one but the session
		 * key, the credentials, the initial tokens and the coordinator. A renewal that
		 * needs credentials it does not have fails with
		 * {@link MarketigerAccountNotConnectedException}.
		 */
		Builder forUser(String sessionKey, @Nullable Credentials credentials, RefreshCoordinator coordinator) {
			Builder user = new Builder(this.client, this.store);
			user.sessionKey = Objects.requireNonNull(sessionKey, "sessionKey must not be null");
			user.coordinator = coordinator;
			user.timing = this.timing;
			user.retryPolicy = this.retryPolicy;
			user.credentials = credentials;
			user.clock = this.clock;
			user.scheduler = this.scheduler;
			user.events = this.events;
			user.perUser = true;
			return user;
		}

		MarketigerAuthClient getClient() {
			return this.client;
		}

		TokenStore getStore() {
			return this.store;
		}

		RefreshCoordinator getCoordinator() {
			return this.coordinator;
		}

		TokenTiming getTiming() {
			return this.timing;
		}

		RetryPolicy getRetryPolicy() {
			return this.retryPolicy;
		}

		Clock getClock() {
			return this.clock;
		}

		Scheduler getScheduler() {
			return this.scheduler;
		}

		ApplicationEventPublisher getEvents() {
			return this.events;
		}

		/**
		 * Set the key of the session whose tokens this service keeps.
		 * @param sessionKey the session key
		 * @return this builder
		 */
		public Builder sessionKey(String sessionKey) {
			this.sessionKey = Objects.requireNonNull(sessionKey, "sessionKey must not be null");
			return this;
		}

		/**
		 * Who may renew when several processes share the store; by default every renewal
		 * may go ahead (one process).
		 * @param coordinator the coordinator
		 * @return this builder
		 */
		public Builder coordinator(RefreshCoordinator coordinator) {
			this.coordinator = Objects.requireNonNull(coordinator, "coordinator must not be null");
			return this;
		}

		/**
		 * Set when tokens are refreshed and when they count as expired.
		 * @param timing the timing rules
		 * @return this builder
		 */
		public Builder timing(TokenTiming timing) {
			this.timing = Objects.requireNonNull(timing, "timing must not be null");
			return this;
		}

		/**
		 * Set how failed calls are tried again.
		 * @param retryPolicy the retry rules
		 * @return this builder
		 */
		public Builder retryPolicy(RetryPolicy retryPolicy) {
			this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
			return this;
		}

		/**
		 * Credentials to log in with, first and whenever refreshing is impossible.
		 * @param credentials e-mail and password, or {@code null} for none
		 * @return this builder
		 */
		public Builder credentials(@Nullable Credentials credentials) {
			this.credentials = credentials;
			return this;
		}

		/**
		 * Tokens to start from when the store holds none, instead of logging in.
		 * @param initialTokens the tokens, or {@code null} for none
		 * @return this builder
		 */
		public Builder initialTokens(@Nullable IssuedTokens initialTokens) {
			this.initialTokens = initialTokens;
			return this;
		}

		/**
		 * Set the clock the timing rules read.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock must not be null");
			return this;
		}

		/**
		 * The scheduler for backoff delays.
		 * @param scheduler a time-capable scheduler
		 * @return this builder
		 */
		public Builder scheduler(Scheduler scheduler) {
			this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
			return this;
		}

		/**
		 * Set where lifecycle events are published.
		 * @param events the publisher
		 * @return this builder
		 */
		public Builder eventPublisher(ApplicationEventPublisher events) {
			this.events = Objects.requireNonNull(events, "events must not be null");
			return this;
		}

		/**
		 * Build the service.
		 * @return the service
		 */
		public TokenRefreshService build() {
			return new TokenRefreshService(this);
		}

	}

}
