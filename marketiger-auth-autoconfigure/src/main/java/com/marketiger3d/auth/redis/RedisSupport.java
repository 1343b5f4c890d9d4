package com.marketiger3d.auth.redis;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import com.marketiger3d.auth.token.TokenStoreUnavailableException;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataAccessException;

/**
 * What a Redis failure means to the token lifecycle: the store is unavailable.
 */
final class RedisSupport {

	private RedisSupport() {
	}

	/**
	 * Bound a Redis operation (Lettuce queues commands while it reconnects, for as long
	 * as its own command timeout) and map its failures to
	 * {@link TokenStoreUnavailableException}.
	 */
	static <T> Mono<T> bounded(Mono<T> operation, Duration timeout, String what) {
		return operation.timeout(timeout)
			.onErrorMap(RedisSupport::isUnavailable,
					(ex) -> new TokenStoreUnavailableException("Redis did not answer " + what + " ("
							+ ((ex instanceof TimeoutException) ? "no answer within " + timeout : ex.getMessage())
							+ ")", ex));
	}

	static boolean isUnavailable(Throwable failure) {
		// Spring Data Redis translates Lettuce's exceptions into DataAccessExceptions.
		return failure instanceof TimeoutException || failure instanceof DataAccessException;
	}

}
