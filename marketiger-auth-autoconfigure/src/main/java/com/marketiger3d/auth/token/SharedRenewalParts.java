package com.marketiger3d.auth.token;

import reactor.util.context.Context;
import reactor.util.context.ContextView;
import reactor.util.retry.Retry;

/**
 * What the renewals of every session made from one {@link TokenServiceSettings} have in
 * common, built once instead of once per session: the retry specifications, the pause
 * rules and the notifier. A {@link TokenSessions} of 100,000 users holds one of these,
 * not 100,000 sets of Reactor retry objects.
 * <p>
 * The retries name the session in their log lines; the session's key travels in the
 * Reactor context of the renewal ({@link #session(String)}), not in the specification.
 *
 * @param settings what every session shares
 * @param retry for Login
 * @param refreshRetry for RefreshToken: never repeats a call the server may have
 * processed
 * @param storeRetry for the store's reads and writes under a shared lease
 * @param backoff how long renewals pause after a failure
 * @param notifier the sessions' log lines and events
 */
record SharedRenewalParts(TokenServiceSettings settings, Retry retry, Retry refreshRetry, Retry storeRetry,
		RenewalBackoff backoff, TokenLifecycleNotifier notifier) {

	private static final String SESSION_KEY = SharedRenewalParts.class.getName() + ".sessionKey";

	SharedRenewalParts(TokenServiceSettings settings) {
		this(settings, settings.retryPolicy().toRetry(settings.scheduler()),
				settings.retryPolicy().toRefreshRetry(settings.scheduler()),
				settings.retryPolicy().toStoreRetry(settings.scheduler()), new RenewalBackoff(settings.retryPolicy()),
				new TokenLifecycleNotifier(settings.events()));
	}

	/**
	 * Return the context a renewal of {@code sessionKey} runs in, for its retries' log
	 * lines.
	 */
	static Context session(String sessionKey) {
		return Context.of(SESSION_KEY, sessionKey);
	}

	/** Return the session a retry belongs to, from its renewal's context. */
	static String sessionKey(ContextView context) {
		String key = context.getOrDefault(SESSION_KEY, null);
		return (key != null) ? key : "(unknown)";
	}

}
