package com.marketiger3d.auth.token;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.InvalidCredentialsException;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import com.marketiger3d.auth.token.event.ReauthenticationRequiredEvent;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Keeps a usable access token for one session (one token lineage) and hands it out: a
 * <b>fresh</b> token with no IO, no lock and no allocation; a <b>stale</b> one at once,
 * starting one background refresh; for an <b>expired</b> one, callers wait for the one
 * shared renewal. A pair that cannot be refreshed is renewed by Login with the
 * credentials, else ends in {@link ReauthenticationRequiredException} and a
 * {@link ReauthenticationRequiredEvent}. See {@link TokenTiming} for the instants.
 * <p>
 * At most one renewal runs at a time and every caller that needs it shares its result; a
 * refresh token is never sent after it was answered, nor after a call the server may have
 * processed without a readable answer. The new pair reaches the {@link TokenStore} before
 * any caller sees it. A caller that cancels does not cancel the renewal. A failed renewal
 * is forgotten once its pause ends ({@link RetryPolicy}): the next caller starts a new
 * one.
 * <p>
 * When several processes share the store, a renewal adopts a newer stored pair if there
 * is one, and otherwise renews only while holding the {@link RefreshCoordinator}'s lease
 * for the session.
 * <p>
 * This class keeps the session's state and its single flight; one renewal's store and
 * lease protocol, the pause after a failure and the events and log lines are parts of
 * their own. It is thread-safe.
 *
 * @since 0.1.0
 */
public class TokenRefreshService {

	/** The session key of the configured service account. */
	public static final String SERVICE_ACCOUNT_SESSION = "service-account";

	private final String sessionKey;

	private final TokenRenewer renewer;

	private final RenewalPause pause;

	private final SharedRenewalParts shared;

	private final TokenServiceSettings settings;

	private final boolean perUser;

	/** The pair callers get; a renewal writes it before it clears {@link #renewal}. */
	private volatile @Nullable TokenState current;

	/** The renewal in progress, if any: the single flight. */
	private final AtomicReference<@Nullable Renewal> renewal = new AtomicReference<>();

	/** The last pair this process obtained from the API itself, not from the store. */
	private volatile @Nullable TokenState obtainedHere;

	/** The last pair obtained here because a 401 refused the one before. */
	private volatile @Nullable TokenState obtainedAfterRejection;

	/** Set when the user's session was disconnected: nothing may be stored any more. */
	private volatile boolean disconnected;

	private final Mono<String> accessToken = Mono.defer(this::resolveAccessToken);

	/**
	 * Create the service a builder describes.
	 * @param builder the builder
	 */
	protected TokenRefreshService(TokenRefreshServiceBuilder builder) {
		this(new SharedRenewalParts(builder.settings()), builder.getSessionKey(), builder.getCredentials(),
				builder.getInitialTokens(), false);
	}

	/**
	 * Create the service of one session.
	 * @param shared what every session shares, retries included
	 * @param sessionKey the session's key
	 * @param credentials the credentials to log in with, or {@code null}
	 * @param initialTokens the tokens to start from when the store holds none, or
	 * {@code null}
	 * @param perUser whether the session is a user's: a renewal that needs credentials it
	 * does not have then fails with {@link MarketigerAccountNotConnectedException}
	 */
	TokenRefreshService(SharedRenewalParts shared, String sessionKey, @Nullable Credentials credentials,
			@Nullable IssuedTokens initialTokens, boolean perUser) {
		this.sessionKey = Objects.requireNonNull(sessionKey, "sessionKey must not be null");
		this.perUser = perUser;
		this.settings = shared.settings();
		this.pause = new RenewalPause(sessionKey);
		this.shared = shared;
		this.renewer = new TokenRenewer(shared, this, credentials, initialTokens, perUser);
	}

	/**
	 * Start a builder.
	 * @param client the auth client
	 * @param store where the pairs live
	 * @return a builder
	 */
	public static TokenRefreshServiceBuilder builder(MarketigerAuthClient client, TokenStore store) {
		return new TokenRefreshServiceBuilder(client, store);
	}

	/**
	 * Return a usable access token: the current one while it is fresh or stale, else the
	 * result of the shared renewal. The returned {@link Mono} is lazy and may be
	 * subscribed many times.
	 * @return the access token, or an error: {@link ReauthenticationRequiredException},
	 * {@link InvalidCredentialsException}, or the last transient failure once retries ran
	 * out
	 */
	public Mono<String> accessToken() {
		return this.accessToken;
	}

	/**
	 * Return a usable access token after the API answered 401 to
	 * {@code rejectedAccessToken}: the current one if another caller already replaced it,
	 * else a renewed one. A token this process obtained in answer to an earlier 401 less
	 * than {@link TokenTiming#rejectedTokenMinAge()} ago comes back as it is: the API
	 * refuses for another reason (an endpoint the account may not use), and renewing
	 * again would spend a refresh token per request.
	 * @param rejectedAccessToken the token the API rejected
	 * @return the token to replay the request with; {@code rejectedAccessToken} itself
	 * when a replay would be refused all the same
	 */
	public Mono<String> accessTokenAfterRejection(String rejectedAccessToken) {
		return Mono.defer(() -> {
			TokenState state = this.current;
			if (state != null && !state.accessTokenValue().equals(rejectedAccessToken)) {
				return this.accessToken;
			}
			if (state != null && state == this.obtainedAfterRejection
					&& this.settings.timing().isYoung(state, this.settings.clock().millis())) {
				return state.accessToken;
			}
			return join(state, null, true).result().map(TokenState::accessTokenValue);
		});
	}

	/**
	 * Return a pair that replaces {@code held}, a copy of this session's pair that its
	 * caller keeps (in a store of its own) and finds due: the current pair when it is
	 * another one, at least as new and fresh, else the result of the running renewal, or
	 * of a new one. The new renewal starts from {@code held} when this service knows no
	 * newer pair, and from the store's when that is newer still, so a copy that carries a
	 * spent refresh token never sends it.
	 * @param held the caller's pair, with its version in the store
	 * @return a pair newer than the caller's
	 */
	public Mono<TokenPair> tokensReplacing(StoredTokenPair held) {
		Objects.requireNonNull(held, "held must not be null");
		return Mono.defer(() -> {
			TokenState state = this.current;
			if (state != null && !this.settings.store().isNewer(held.version(), state.version())
					&& !state.accessTokenValue().equals(held.pair().accessToken())
					&& this.settings.clock().millis() < state.refreshAtMillis) {
				return Mono.just(state.pair());
			}
			return renewal(state, held).map(TokenState::pair);
		});
	}

	/**
	 * Renew now, whatever the state of the current pair (joins a renewal already
	 * running).
	 * @return the new pair
	 */
	public Mono<TokenPair> refreshNow() {
		return Mono.defer(() -> renewal(this.current, null).map(TokenState::pair));
	}

	/**
	 * Return a keep-alive for this session, not started: it refreshes the pair in the
	 * background before its refresh token runs out while no call does.
	 * @return the keep-alive; {@link TokenKeepAlive#start()} starts it
	 */
	public TokenKeepAlive keepAlive() {
		return new TokenKeepAlive(this, this.settings);
	}

	/**
	 * Return the pair callers currently get, without any IO.
	 * @return the pair, or empty before the first token was obtained
	 */
	public Optional<TokenPair> currentTokens() {
		TokenState state = this.current;
		return (state != null) ? Optional.of(state.pair()) : Optional.empty();
	}

	/**
	 * Return a snapshot of the current pair, for health checks and metrics; makes no
	 * call.
	 * @return the status
	 */
	public TokenStatus status() {
		return TokenState.status(this.sessionKey, this.current, this.settings.clock().millis());
	}

	/**
	 * Return the session this service keeps tokens for.
	 * @return the session key
	 */
	public String getSessionKey() {
		return this.sessionKey;
	}

	/**
	 * Return whether a renewal is running now.
	 * @return {@code true} while a refresh or login is in flight
	 */
	public boolean isRenewing() {
		return this.renewal.get() != null;
	}

	/**
	 * Return the access token if it can be handed out at once, with no IO and no
	 * allocation: when it is fresh, or stale (then one background renewal starts, as
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
		return renewal(state, null).map(TokenState::accessTokenValue);
	}

	/**
	 * Return whether the pair's token can be handed out now: fresh, or stale, in which
	 * case one background renewal is started unless one runs or the last failure's
	 * backoff holds.
	 */
	private boolean isServable(TokenState state) {
		long now = this.settings.clock().millis();
		if (now < state.refreshAtMillis) {
			return true;
		}
		if (now >= state.expiredAtMillis) {
			return false;
		}
		if (this.pause.isOver(now) && this.renewal.get() == null) {
			renewal(state, null);
		}
		return true;
	}

	/**
	 * Join the running renewal, or start one for {@code seen}, the state the caller
	 * judged, and {@code held}, a copy the caller keeps, if any.
	 */
	private Mono<TokenState> renewal(@Nullable TokenState seen, @Nullable StoredTokenPair held) {
		return join(seen, held, false).result();
	}

	private Renewal join(@Nullable TokenState seen, @Nullable StoredTokenPair held, boolean answersRejection) {
		for (;;) {
			Renewal running = this.renewal.get();
			if (running != null) {
				if (answersRejection) {
					running.answersRejection = true;
				}
				return running;
			}
			Renewal started = new Renewal(answersRejection);
			if (this.renewal.compareAndSet(null, started)) {
				start(started, seen, held);
				return started;
			}
		}
	}

	private void start(Renewal renewal, @Nullable TokenState seen, @Nullable StoredTokenPair held) {
		if (this.disconnected) {
			refuse(renewal, this.renewer.disconnectedError());
			return;
		}
		// A renewal that ended between the caller's read of `current` and the
		// compare-and-set above has already replaced `current` (it writes it before
		// clearing `renewal`): reuse its pair instead of sending a refresh token that was
		// just used.
		TokenState latest = this.current;
		long now = this.settings.clock().millis();
		if (latest != null && latest != seen && !latest.isExpired(now)) {
			finish(renewal, latest);
			return;
		}
		// A long pause (a server's Retry-After, rejected credentials) is not waited out
		// inside a renewal that callers are blocked on: they fail at once.
		Throwable refusal = this.pause.refusal(now, this.shared.backoff());
		if (refusal != null) {
			refuse(renewal, refusal);
			return;
		}
		long wait = this.pause.remainingMillis(now);
		// Subscribed here, not by the callers: a caller that cancels leaves the renewal
		// running.
		TokenState base = (held != null
				&& (latest == null || this.settings.store().isNewer(held.version(), latest.version())))
						? this.settings.timing().state(held) : latest;
		Mono<Long> delay = (wait > 0) ? Mono.delay(Duration.ofMillis(wait), this.settings.scheduler()) : Mono.just(0L);
		delay.then(Mono.defer(() -> this.renewer.renew(base)))
			.switchIfEmpty(Mono.error(() -> new IllegalStateException(
					"MarkeTiger token renewal for session '" + this.sessionKey + "' completed without a token pair")))
			.subscribe((state) -> finish(renewal, state), (failure) -> fail(renewal, failure));
	}

	/** Remember a pair this process has just obtained from the API. */
	void obtained(TokenState state) {
		this.obtainedHere = state;
	}

	/**
	 * Make a pair the one callers get, from a renewal (also before it ends: its dropped
	 * refresh token), unless the session was disconnected meanwhile: an answer or a store
	 * read that arrives after the disconnect would hand its access token out again.
	 */
	boolean keep(TokenState state) {
		if (this.disconnected) {
			return false;
		}
		this.current = state;
		return true;
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
	 * Return whether this user's session was disconnected; {@link TokenSessions} then
	 * makes a new service for the session key.
	 */
	boolean isDisconnected() {
		return this.disconnected;
	}

	private void finish(Renewal renewal, TokenState state) {
		// Marked before it is published, whether or not a rejecting caller still waits.
		if (renewal.answersRejection && state == this.obtainedHere) {
			this.obtainedAfterRejection = state;
		}
		if (!keep(state)) {
			refuse(renewal, this.renewer.disconnectedError());
			return;
		}
		this.pause.ended();
		this.renewal.compareAndSet(renewal, null);
		renewal.sink.tryEmitValue(state);
	}

	private void fail(Renewal renewal, Throwable failure) {
		this.pause.failed(failure, this.settings.clock().millis(), this.shared.backoff());
		try {
			this.shared.notifier().failed(this, this.sessionKey, failure, this.perUser);
		}
		finally {
			// Cleared after the event, as a success announces before it clears: whoever
			// sees no renewal running sees its outcome published. In a finally, so that
			// nothing a listener throws leaves the renewal registered forever.
			refuse(renewal, failure);
		}
	}

	private void refuse(Renewal renewal, Throwable failure) {
		this.renewal.compareAndSet(renewal, null);
		renewal.sink.tryEmitError(failure);
	}

	@Override
	public String toString() {
		return "TokenRefreshService[session=" + this.sessionKey + ", tokens=" + this.current + "]";
	}

}
