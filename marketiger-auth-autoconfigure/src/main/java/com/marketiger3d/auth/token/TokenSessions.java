package com.marketiger3d.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.InvalidCredentialsException;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.token.ActiveSessions.KeptAliveSession;
import com.marketiger3d.auth.token.ActiveSessions.Session;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Many independent sessions, one per user, each kept by its own
 * {@link TokenRefreshService} made from one {@link TokenServiceSettings} (same client,
 * store, coordinator, timing, retry policy, clock and event publisher) with the user's
 * session key, so each has the service's guarantees: refresh ahead, one renewal at a time
 * per session, a refresh token never sent twice, the new pair stored before anyone uses
 * it.
 * <p>
 * A user {@link #connect connects} once with e-mail and password; the pair is stored, the
 * password is not (unless {@code storeCredentials} is set, and then only in this
 * process's memory). A session that cannot be renewed, or was never connected, fails with
 * {@link MarketigerAccountNotConnectedException}.
 * <p>
 * Memory is bounded: a session's service is dropped from memory once it was not used for
 * the idle timeout (a timer on the settings' scheduler sweeps idle ones every half
 * timeout, judged by the settings' clock, whether or not other sessions are used), or,
 * beyond the maximum count, least recently used first; what every session has in common
 * (retries, pause rules, notifier) is built once, not per session; its pair stays in the
 * store, and the next use creates a new service that reads it from there. A service that
 * is renewing is never dropped, and two services of one session never renew at the same
 * time: each session's renewal takes a per-session lease in this process first (see
 * {@code docs/architecture.md}).
 * <p>
 * Session keys share the {@link TokenStore} with the service account, so
 * {@value TokenRefreshService#SERVICE_ACCOUNT_SESSION} and blank keys are refused with
 * {@link IllegalArgumentException}.
 * <p>
 * This class is thread-safe.
 *
 * @since 0.1.0
 */
public class TokenSessions {

	private final TokenServiceSettings settings;

	/**
	 * What each user's service shares, built once: its settings (a per-session lease
	 * before the shared one), retries and notifier.
	 */
	private final SharedRenewalParts userParts;

	/** Holds each user's renewal while it runs: counting its leases is cheap. */
	private final SessionRefreshCoordinator sessionLeases;

	private final TokenLifecycleNotifier notifier;

	private final Duration idleTimeout;

	private final int maxActive;

	private final boolean storeCredentials;

	private final Clock clock;

	private final ActiveSessions sessions;

	private final Map<String, Credentials> credentials = new ConcurrentHashMap<>();

	private final boolean keepAlive;

	/**
	 * Create the sessions.
	 * @param settings what every session's service shares
	 * @param idleTimeout how long an unused session's service stays in memory; positive
	 * @param maxActive how many sessions' services stay in memory at most; positive
	 * @param storeCredentials whether the credentials given to {@link #connect} are kept
	 * in this process's memory to log in again when a session cannot be refreshed
	 */
	public TokenSessions(TokenServiceSettings settings, Duration idleTimeout, int maxActive, boolean storeCredentials) {
		this(settings, idleTimeout, maxActive, storeCredentials, false);
	}

	/**
	 * Create the sessions, keeping those in memory alive while idle if asked to.
	 * @param settings what every session's service shares
	 * @param idleTimeout how long an unused session's service stays in memory; positive
	 * @param maxActive how many sessions' services stay in memory at most; positive
	 * @param storeCredentials whether the credentials given to {@link #connect} are kept
	 * in this process's memory to log in again when a session cannot be refreshed
	 * @param keepAlive whether each session in memory is refreshed in the background
	 * before its refresh token runs out ({@link TokenKeepAlive}); {@link #close()} stops
	 * them
	 */
	public TokenSessions(TokenServiceSettings settings, Duration idleTimeout, int maxActive, boolean storeCredentials,
			boolean keepAlive) {
		this.keepAlive = keepAlive;
		this.settings = Objects.requireNonNull(settings, "settings must not be null");
		Objects.requireNonNull(idleTimeout, "idleTimeout must not be null");
		if (idleTimeout.isNegative() || idleTimeout.isZero()) {
			throw new IllegalArgumentException("idleTimeout must be positive");
		}
		if (maxActive < 1) {
			throw new IllegalArgumentException("maxActive must be positive");
		}
		this.sessionLeases = new SessionRefreshCoordinator(settings.coordinator());
		this.userParts = new SharedRenewalParts(settings.withCoordinator(this.sessionLeases));
		this.notifier = this.userParts.notifier();
		this.idleTimeout = idleTimeout;
		this.maxActive = maxActive;
		this.storeCredentials = storeCredentials;
		this.clock = settings.clock();
		this.sessions = new ActiveSessions(this.clock, settings.scheduler(), idleTimeout, maxActive,
				TokenSessions::stop);
	}

	/**
	 * Return the service of a session, created on first use (it then reads the session's
	 * pair from the store when it first needs a token). Hand it out for the request at
	 * hand; do not keep it: a later call may get a new one.
	 * @param sessionKey the session's key, for example the user's principal name
	 * @return the session's service
	 */
	public TokenRefreshService session(String sessionKey) {
		requireUserKey(sessionKey);
		// A service that found its pair gone from the store (the user disconnected on
		// another instance) never renews again: the session then gets a new one
		return this.sessions.get(sessionKey, this::create).service;
	}

	/**
	 * Connect a user's MarkeTiger account: log in once with its e-mail and password, and
	 * store the pair under the session key. The password is not stored, unless this
	 * object keeps credentials.
	 * @param sessionKey the session's key, for example the user's principal name
	 * @param credentials the user's e-mail and password
	 * @return the stored pair, or an error: {@link InvalidCredentialsException} when
	 * Login rejects them, or the last transient failure once retries ran out
	 */
	public Mono<TokenPair> connect(String sessionKey, Credentials credentials) {
		requireUserKey(sessionKey);
		Objects.requireNonNull(credentials, "credentials must not be null");
		MarketigerAuthClient client = this.settings.client();
		TokenTiming timing = this.settings.timing();
		return Mono.defer(() -> client.login(credentials))
			.retryWhen(this.settings.retryPolicy().toRetry(this.settings.scheduler(), sessionKey))
			.flatMap((issued) -> store(sessionKey, timing.issued(issued, this.clock.instant())))
			.doOnNext((stored) -> {
				if (this.storeCredentials) {
					this.credentials.put(sessionKey, credentials);
				}
				// The next use reads the new pair from the store; a renewal of the old
				// service still running loses the store's compare-and-set and adopts it.
				stop(this.sessions.remove(sessionKey));
				this.notifier.connected(this, sessionKey, stored.pair());
			})
			.map(StoredTokenPair::pair);
	}

	/**
	 * Disconnect a user's account: forget its service, its credentials if kept, and its
	 * pair in the store. The next use of the session fails with
	 * {@link MarketigerAccountNotConnectedException} until it is connected again.
	 * @param sessionKey the session's key
	 * @return completion once the store forgot the pair
	 */
	public Mono<Void> disconnect(String sessionKey) {
		requireUserKey(sessionKey);
		return Mono.defer(() -> {
			// Before the delete: a renewal of this service that ends after it must not
			// store its pair again (other instances' renewals find the pair gone). After
			// it too: a service made for a call that came in meanwhile read the old pair.
			this.credentials.remove(sessionKey);
			forget(sessionKey);
			return this.settings.store().delete(sessionKey).then(Mono.fromRunnable(() -> forget(sessionKey)));
		});
	}

	/**
	 * Return whether a user's account is connected: the store holds a pair for the
	 * session whose access token is still valid or whose refresh token can still be used,
	 * or this object keeps the user's credentials. Reads the store; sends nothing to the
	 * API.
	 * @param sessionKey the session's key
	 * @return whether the session can get a token without the user connecting again
	 */
	public Mono<Boolean> isConnected(String sessionKey) {
		requireUserKey(sessionKey);
		if (this.credentials.containsKey(sessionKey)) {
			return Mono.just(true);
		}
		TokenTiming timing = this.settings.timing();
		return this.settings.store().load(sessionKey).map((stored) -> {
			TokenState state = timing.state(stored);
			long now = this.clock.millis();
			return !state.isExpired(now) || state.canRefresh(now);
		}).defaultIfEmpty(false);
	}

	/**
	 * Return whether the sessions in memory are kept alive while idle.
	 * @return whether each has a started {@link TokenKeepAlive}
	 */
	public boolean isKeepAlive() {
		return this.keepAlive;
	}

	/**
	 * Return how many sessions have a service in memory now.
	 * @return the count
	 */
	public int activeCount() {
		return this.sessions.size();
	}

	/**
	 * Return how many sessions are renewing their pair now: each holds its session's
	 * lease in this process from when it asks for the shared lease to when it stored the
	 * new pair. Counts without visiting the sessions.
	 * @return the count
	 */
	public int renewingCount() {
		return this.sessionLeases.heldCount();
	}

	/**
	 * Return the most sessions kept in memory.
	 * @return the maximum count
	 */
	public int getMaxActive() {
		return this.maxActive;
	}

	/**
	 * Return how long an unused session stays in memory.
	 * @return the idle timeout
	 */
	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	/**
	 * Check that a user's key is not blank, nor the service account's: the store is keyed
	 * by session, and a user named like the service account would share its pair.
	 */
	private static void requireUserKey(String sessionKey) {
		Objects.requireNonNull(sessionKey, "sessionKey must not be null");
		if (sessionKey.isBlank()) {
			throw new IllegalArgumentException("A user's session key must not be blank");
		}
		if (sessionKey.equals(TokenRefreshService.SERVICE_ACCOUNT_SESSION)) {
			throw new IllegalArgumentException("Session key '" + sessionKey
					+ "' is reserved for the service account; a user's session cannot use it");
		}
	}

	private void forget(String sessionKey) {
		Session session = this.sessions.remove(sessionKey);
		if (session != null) {
			session.service.disconnect();
			stop(session);
		}
	}

	private Session create(String sessionKey) {
		TokenRefreshService service = new TokenRefreshService(this.userParts, sessionKey,
				this.credentials.get(sessionKey), null, true);
		return this.keepAlive ? new KeptAliveSession(service, service.keepAlive().start()) : new Session(service);
	}

	private static void stop(@Nullable Session session) {
		TokenKeepAlive keepAlive = (session != null) ? session.keepAlive() : null;
		if (keepAlive != null) {
			keepAlive.dispose();
		}
	}

	/**
	 * Stop keeping the sessions in memory alive, and stop the timer that sweeps idle ones
	 * out of memory. Their services stay usable.
	 */
	public void close() {
		this.sessions.close(TokenSessions::stop);
	}

	/**
	 * Store a pair from Login as the session's newest, whatever version is there: Login
	 * spends no refresh token, so replacing a pair another writer just stored loses
	 * nothing that cannot be had again.
	 */
	private Mono<StoredTokenPair> store(String sessionKey, TokenPair pair) {
		TokenStore store = this.settings.store();
		return Mono
			.defer(() -> store.load(sessionKey)
				.map(StoredTokenPair::version)
				.defaultIfEmpty(0L)
				.flatMap((version) -> store.replace(sessionKey, version, pair)))
			.repeatWhenEmpty(16, (attempts) -> attempts)
			.switchIfEmpty(Mono.error(() -> new TokenStoreUnavailableException(
					"the token store kept changing session '" + sessionKey + "' while it was connected")));
	}

	@Override
	public String toString() {
		return "TokenSessions[active=" + this.sessions.size() + ", maxActive=" + this.maxActive + ", idleTimeout="
				+ this.idleTimeout + "]";
	}

}
