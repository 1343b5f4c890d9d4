package com.marketiger3d.auth.token;

import com.marketiger3d.auth.api.InvalidCredentialsException;
import com.marketiger3d.auth.api.MarketigerAuthException;
import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import com.marketiger3d.auth.token.event.LoginEvent;
import com.marketiger3d.auth.token.event.ReauthenticationRequiredEvent;
import com.marketiger3d.auth.token.event.TokenRefreshFailedEvent;
import com.marketiger3d.auth.token.event.TokenRefreshedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The one place that tells the application what happened to a session: a log line and an
 * event for each login, refresh, connect and failed renewal. Names tokens by their
 * fingerprints only.
 * <p>
 * Listeners run on the thread that completed the renewal (often an HTTP client thread)
 * and must not block; one that throws is logged and cannot undo a stored pair.
 */
final class TokenLifecycleNotifier {

	/** The lifecycle's log lines keep the category applications know. */
	private static final Log logger = LogFactory.getLog(TokenRefreshService.class);

	private static final Log sessionsLogger = LogFactory.getLog(TokenSessions.class);

	private final ApplicationEventPublisher events;

	TokenLifecycleNotifier(ApplicationEventPublisher events) {
		this.events = events;
	}

	/**
	 * Report a pair obtained by a renewal's Login or RefreshToken.
	 */
	void renewed(Object source, String sessionKey, TokenPair pair, boolean login) {
		logger.info("MarkeTiger " + (login ? "login" : "token refresh") + " for session '" + sessionKey
				+ "': access token " + pair.accessTokenFingerprint() + " valid until " + pair.accessTokenExpiresAt()
				+ ", refresh token " + pair.refreshTokenFingerprint());
		if (login) {
			publish(new LoginEvent(source, sessionKey, pair.accessTokenFingerprint(), pair.accessTokenExpiresAt(),
					pair.refreshTokenExpiresAt()));
		}
		else {
			publish(new TokenRefreshedEvent(source, sessionKey, pair.accessTokenFingerprint(),
					pair.accessTokenExpiresAt(), pair.refreshTokenExpiresAt()));
		}
	}

	/**
	 * Report a user's account connected with e-mail and password.
	 */
	void connected(Object source, String sessionKey, TokenPair pair) {
		sessionsLogger.info("MarkeTiger account connected for session '" + sessionKey + "' by a MarkeTiger login:"
				+ " access token " + pair.accessTokenFingerprint() + " valid until " + pair.accessTokenExpiresAt());
		publish(new LoginEvent(source, sessionKey, pair.accessTokenFingerprint(), pair.accessTokenExpiresAt(),
				pair.refreshTokenExpiresAt()));
	}

	/**
	 * Report a renewal that failed.
	 */
	void failed(Object source, String sessionKey, Throwable failure, boolean perUser) {
		if (failure instanceof ReauthenticationRequiredException required) {
			if (required instanceof MarketigerAccountNotConnectedException) {
				// A user's state, not a fault: the application asks the user to connect
				logger.info(required.getMessage());
			}
			else {
				logger.error(required.getMessage());
			}
			publish(new ReauthenticationRequiredEvent(source, sessionKey, required));
		}
		else if (failure instanceof MarketigerAuthException authFailure) {
			String hint = (failure instanceof InvalidCredentialsException && !perUser)
					? "; check marketiger.auth.email and marketiger.auth.password" : "";
			logger.warn("MarkeTiger token renewal for session '" + sessionKey + "' failed: " + authFailure.getMessage()
					+ hint);
			publish(new TokenRefreshFailedEvent(source, sessionKey, authFailure));
		}
		else {
			logger.error("MarkeTiger token renewal for session '" + sessionKey + "' failed unexpectedly", failure);
		}
	}

	/**
	 * Publish an event; a listener that throws is logged and changes nothing.
	 */
	void publish(ApplicationEvent event) {
		try {
			this.events.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of " + event.getClass().getSimpleName() + " failed", ex);
		}
	}

}
