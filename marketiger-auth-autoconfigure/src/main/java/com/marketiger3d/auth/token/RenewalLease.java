package com.marketiger3d.auth.token;

import reactor.core.publisher.Mono;

/**
 * The right, held by one process, to renew one session's pair. It lasts until
 * {@link #release() released}, or until it lapses when its holder stops renewing it (for
 * example because the holder died).
 *
 * @since 0.1.0
 */
public interface RenewalLease {

	/**
	 * Guard one auth call: the call starts only if the lease is certain to outlast it,
	 * else the returned {@link Mono} fails with {@link TokenStoreUnavailableException}
	 * and nothing is sent. Subscribed again for each retry, so each retry is checked.
	 * @param <T> the call's result
	 * @param call the auth call
	 * @return the guarded call
	 */
	<T> Mono<T> guard(Mono<T> call);

	/**
	 * Give the lease up, so that another process may renew at once. Only the holder's
	 * release has an effect; releasing a lease that lapsed does nothing.
	 * @return completion; never an error
	 */
	Mono<Void> release();

	/**
	 * Give the lease up without freeing it: stop renewing it and let it lapse, so that no
	 * other process renews before its expiry. For a holder whose new pair the store has
	 * not taken, which others would otherwise renew from the stored, older pair. Releases
	 * unless a lease says otherwise.
	 * @return completion; never an error
	 * @since 0.1.0
	 */
	default Mono<Void> lapse() {
		return release();
	}

	/**
	 * Return whether others may renew the same session under this kind of lease. The
	 * holder of a shared lease renews only from the pair it reads from the store while it
	 * holds the lease: its own pair may carry a refresh token another process has spent
	 * since, so when the store cannot be read, it renews nothing. A lease with no other
	 * process to coordinate with (one process, or a holder renewing alone because the
	 * cluster cannot be reached) carries on from its own pair. A lease is shared unless
	 * it says otherwise, the safe answer for a coordinator that does not know.
	 * @return {@code true} when others may renew the same session in turn
	 */
	default boolean isShared() {
		return true;
	}

}
