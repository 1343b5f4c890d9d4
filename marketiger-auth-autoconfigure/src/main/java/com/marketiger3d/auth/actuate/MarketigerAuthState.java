package com.marketiger3d.auth.actuate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.marketiger3d.auth.api.InvalidCredentialsException;
import com.marketiger3d.auth.api.MarketigerAuthException;
import com.marketiger3d.auth.token.TokenFreshness;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.token.TokenStatus;
import com.marketiger3d.auth.token.event.LoginEvent;
import com.marketiger3d.auth.token.event.ReauthenticationRequiredEvent;
import com.marketiger3d.auth.token.event.TokenLifecycleEvent;
import com.marketiger3d.auth.token.event.TokenRefreshFailedEvent;
import com.marketiger3d.auth.token.event.TokenRefreshedEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;

/**
 * The service account's token lifecycle as operators see it: the current status, the last
 * renewal and the last failure, kept from the lifecycle events so that reading it never
 * calls the API.
 * <p>
 * This class is thread-safe.
 *
 * @since 0.1.0
 */
public class MarketigerAuthState implements ApplicationListener<TokenLifecycleEvent> {

	private final TokenRefreshService tokens;

	private volatile @Nullable Outcome lastRenewal;

	private volatile @Nullable Outcome lastFailure;

	/**
	 * Create the state view.
	 * @param tokens the service whose tokens are described
	 */
	public MarketigerAuthState(TokenRefreshService tokens) {
		this.tokens = tokens;
	}

	@Override
	public void onApplicationEvent(TokenLifecycleEvent event) {
		if (!event.getSessionKey().equals(this.tokens.getSessionKey())) {
			return;
		}
		Instant at = this.tokens.status().checkedAt();
		if (event instanceof LoginEvent) {
			this.lastRenewal = new Outcome("login", at, null);
			this.lastFailure = null;
		}
		else if (event instanceof TokenRefreshedEvent) {
			this.lastRenewal = new Outcome("refresh", at, null);
			this.lastFailure = null;
		}
		else if (event instanceof TokenRefreshFailedEvent failed) {
			this.lastFailure = new Outcome("renewal-failed", at, failed.getFailure());
		}
		else if (event instanceof ReauthenticationRequiredEvent required) {
			this.lastFailure = new Outcome("reauthentication-required", at, required.getFailure());
		}
	}

	/**
	 * Return whether the application can still talk to the API: not when
	 * re-authentication is required, when Login rejected the credentials, or when the
	 * token expired and its renewal failed.
	 * @return {@code true} while a usable token exists or can be obtained
	 */
	public boolean isUsable() {
		Outcome failure = this.lastFailure;
		if (failure == null) {
			return true;
		}
		if (failure.kind().equals("reauthentication-required")
				|| failure.failure() instanceof InvalidCredentialsException) {
			return false;
		}
		return this.tokens.status().freshness() != TokenFreshness.EXPIRED;
	}

	/**
	 * Return the state as plain values for health details and the endpoint.
	 * @return an ordered map of fingerprints, instants and messages; never a token
	 */
	public Map<String, Object> describe() {
		TokenStatus status = this.tokens.status();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("session", status.sessionKey());
		details.put("state", status.freshness().name().toLowerCase(java.util.Locale.ROOT));
		putIfPresent(details, "accessTokenFingerprint", status.accessTokenFingerprint());
		putIfPresent(details, "accessTokenExpiresAt", status.accessTokenExpiresAt());
		putIfPresent(details, "refreshTokenExpiresAt", status.refreshTokenExpiresAt());
		Outcome renewal = this.lastRenewal;
		if (renewal != null) {
			details.put("lastRenewal", Map.of("kind", renewal.kind(), "at", renewal.at()));
		}
		Outcome failure = this.lastFailure;
		if (failure != null && failure.failure() != null) {
			details.put("lastFailure",
					Map.of("kind", failure.kind(), "at", failure.at(), "exception",
							failure.failure().getClass().getSimpleName(), "message",
							String.valueOf(failure.failure().getMessage())));
		}
		return details;
	}

	/**
	 * Return why the API cannot be used, when {@link #isUsable()} is {@code false}.
	 * @return the last failure's message, or {@code null}
	 */
	public @Nullable String reason() {
		Outcome failure = this.lastFailure;
		return (failure != null && failure.failure() != null) ? failure.failure().getMessage() : null;
	}

	private static void putIfPresent(Map<String, Object> details, String key, @Nullable Object value) {
		if (value != null) {
			details.put(key, value);
		}
	}

	private record Outcome(String kind, Instant at, @Nullable MarketigerAuthException failure) {

	}

}
