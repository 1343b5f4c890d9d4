package com.marketiger3d.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.marketiger3d.auth.token.event.LoginEvent;
import com.marketiger3d.auth.token.event.ReauthenticationRequiredEvent;
import com.marketiger3d.auth.token.event.TokenRefreshFailedEvent;
import com.marketiger3d.auth.token.event.TokenRefreshedEvent;
import com.marketiger3d.auth.token.event.TokensObtainedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs the token lifecycle as the starter publishes it. The events carry fingerprints
 * (the first 8 hex characters of a token's SHA-256) and instants, never a token. The
 * starter logs each login and refresh itself at INFO; these lines are the demo's own
 * reading of the same events.
 * <p>
 * Listeners run on the thread that completed the renewal, often an HTTP client thread:
 * they only log, and never block.
 */
@Component
class TokenLifecycleLogger {

	private static final Log logger = LogFactory.getLog(TokenLifecycleLogger.class);

	private final Clock clock;

	TokenLifecycleLogger(ObjectProvider<Clock> clock) {
		// The clock the starter uses too: the application's, else the system's
		this.clock = clock.getIfUnique(Clock::systemUTC);
	}

	@EventListener
	void loggedIn(LoginEvent event) {
		logger.info("demo: logged in " + describe(event));
	}

	@EventListener
	void refreshed(TokenRefreshedEvent event) {
		logger.info("demo: token refreshed " + describe(event));
	}

	@EventListener
	void refreshFailed(TokenRefreshFailedEvent event) {
		logger.warn("demo: token renewal failed (" + event.getFailure().getMessage()
				+ "); the current token is used while it is valid, and the next call tries again");
	}

	@EventListener
	void reauthenticationRequired(ReauthenticationRequiredEvent event) {
		logger.error("demo: the session needs new credentials: " + event.getFailure().getMessage());
	}

	private String describe(TokensObtainedEvent event) {
		Instant expiresAt = event.getAccessTokenExpiresAt();
		long secondsLeft = Math.round(Duration.between(this.clock.instant(), expiresAt).toMillis() / 1000.0);
		return "(fingerprint " + event.getAccessTokenFingerprint() + ", valid until " + expiresAt + ", in "
				+ secondsLeft + " s)";
	}

}
