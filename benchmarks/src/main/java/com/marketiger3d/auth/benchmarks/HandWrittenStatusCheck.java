package com.marketiger3d.auth.benchmarks;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.util.context.Context;

import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * The least a hand-written operator can do to look at each response's status: one
 * subscriber that passes every signal on and fails on a 401 instead of replaying. Not a
 * usable replay; it measures what replacing the filter's {@code flatMap} with an operator
 * of our own could save at best, and what Reactor's automatic context propagation adds to
 * a publisher that is not Reactor's own.
 */
final class HandWrittenStatusCheck extends MonoOperator<ClientResponse, ClientResponse> {

	HandWrittenStatusCheck(Mono<ClientResponse> exchange) {
		super(exchange);
	}

	@Override
	public void subscribe(CoreSubscriber<? super ClientResponse> actual) {
		this.source.subscribe(new StatusSubscriber(actual));
	}

	private static final class StatusSubscriber implements CoreSubscriber<ClientResponse>, Subscription {

		private final CoreSubscriber<? super ClientResponse> actual;

		private Subscription subscription;

		private boolean rejected;

		StatusSubscriber(CoreSubscriber<? super ClientResponse> actual) {
			this.actual = actual;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.subscription = subscription;
			this.actual.onSubscribe(this);
		}

		@Override
		public void onNext(ClientResponse response) {
			if (response.statusCode().value() == 401) {
				this.rejected = true;
				this.actual.onError(new IllegalStateException("401"));
				return;
			}
			this.actual.onNext(response);
		}

		@Override
		public void onError(Throwable error) {
			if (!this.rejected) {
				this.actual.onError(error);
			}
		}

		@Override
		public void onComplete() {
			if (!this.rejected) {
				this.actual.onComplete();
			}
		}

		@Override
		public void request(long n) {
			this.subscription.request(n);
		}

		@Override
		public void cancel() {
			this.subscription.cancel();
		}

	}

}
