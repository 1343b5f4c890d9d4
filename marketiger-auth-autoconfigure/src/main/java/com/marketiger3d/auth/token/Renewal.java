package com.marketiger3d.auth.token;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One renewal of a session's pair: its result, shared by every caller that joins it.
 */
final class Renewal {

	final Sinks.One<TokenState> sink = Sinks.one();

	/** Whether a caller joined it because the API answered 401 to the token. */
	volatile boolean answersRejection;

	Renewal(boolean answersRejection) {
		this.answersRejection = answersRejection;
	}

	Mono<TokenState> result() {
		return this.sink.asMono();
	}

}
