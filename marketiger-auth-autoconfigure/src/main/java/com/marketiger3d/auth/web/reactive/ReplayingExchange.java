package com.marketiger3d.auth.web.reactive;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * The response of an exchange, or, when the API answers 401, the response of its replay:
 * what {@code exchange.flatMap((response) -> (status == 401) ? replay.apply(response) :
 * Mono.just(response))} emits, as one operator. A response other than 401, the hot path,
 * passes through one subscriber that takes no lock and writes no shared field. Why this
 * is not a {@code flatMap}: {@code docs/architecture.md}, "The filter".
 * <p>
 * Demand, context and cancellation go to whichever of the two is running: the exchange
 * until it has answered, then the replay. A replay that subscribes after the caller
 * cancelled is cancelled at once. The exchange's own completion or error after its 401
 * belongs to the replaced response and does not reach the caller (an error goes to
 * Reactor's dropped-error hook).
 */
final class ReplayingExchange extends MonoOperator<ClientResponse, ClientResponse> {

	private final Function<ClientResponse, Mono<ClientResponse>> replay;

	private ReplayingExchange(Mono<ClientResponse> exchange, Function<ClientResponse, Mono<ClientResponse>> replay) {
		super(exchange);
		this.replay = replay;
	}

	/**
	 * The exchange's response, or the replay's after a 401.
	 * @param exchange the exchange
	 * @param replay what to do with the rejected response instead of handing it on
	 * @return the response for the caller
	 */
	static Mono<ClientResponse> of(Mono<ClientResponse> exchange,
			Function<ClientResponse, Mono<ClientResponse>> replay) {
		return onAssembly(new ReplayingExchange(exchange, replay));
	}

	@Override
	public void subscribe(CoreSubscriber<? super ClientResponse> actual) {
		this.source.subscribe(new ExchangeSubscriber(actual, this.replay));
	}

	/**
	 * Subscribes to the exchange, and to the replay once the exchange answered 401.
	 */
	static final class ExchangeSubscriber implements CoreSubscriber<ClientResponse>, Subscription {

		private static final AtomicReferenceFieldUpdater<ExchangeSubscriber, @Nullable Subscription> REPLAY = AtomicReferenceFieldUpdater
			.newUpdater(ExchangeSubscriber.class, Subscription.class, "replaySubscription");

		private final CoreSubscriber<? super ClientResponse> actual;

		private final Function<ClientResponse, Mono<ClientResponse>> replay;

		private @Nullable Subscription exchangeSubscription;

		/** Set once the replay has subscribed, or to a cancelled marker by cancel(). */
		private volatile @Nullable Subscription replaySubscription;

		/**
		 * Only read and written in the exchange's signals, which come one after another.
		 */
		private boolean replaced;

		ExchangeSubscriber(CoreSubscriber<? super ClientResponse> actual,
				Function<ClientResponse, Mono<ClientResponse>> replay) {
			this.actual = actual;
			this.replay = replay;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.exchangeSubscription, subscription)) {
				this.exchangeSubscription = subscription;
				this.actual.onSubscribe(this);
			}
		}

		@Override
		public void onNext(ClientResponse response) {
			if (response.statusCode().value() != HttpStatus.UNAUTHORIZED.value()) {
				this.actual.onNext(response);
				return;
			}
			this.replaced = true;
			Mono<ClientResponse> replay;
			try {
				replay = Objects.requireNonNull(this.replay.apply(response), "the replay must not be null");
			}
			catch (Throwable ex) {
				this.actual.onError(Operators.onOperatorError(this.exchangeSubscription, ex, response,
						this.actual.currentContext()));
				return;
			}
			replay.subscribe(new ReplaySubscriber(this));
		}

		@Override
		public void onError(Throwable error) {
			if (this.replaced) {
				Operators.onErrorDropped(error, this.actual.currentContext());
				return;
			}
			this.actual.onError(error);
		}

		@Override
		public void onComplete() {
			if (!this.replaced) {
				this.actual.onComplete();
			}
		}

		/**
		 * The caller's demand goes to the exchange; once the exchange answered 401 the
		 * caller has had nothing yet, so the replay is asked for its one response at
		 * once.
		 */
		@Override
		public void request(long n) {
			Objects.requireNonNull(this.exchangeSubscription).request(n);
		}

		@Override
		public void cancel() {
			Objects.requireNonNull(this.exchangeSubscription).cancel();
			// Cancels a running replay; one that subscribes later is cancelled then.
			Operators.terminate(REPLAY, this);
		}

	}

	/**
	 * Hands the replay's signals to the caller.
	 */
	static final class ReplaySubscriber implements CoreSubscriber<ClientResponse> {

		private final ExchangeSubscriber parent;

		ReplaySubscriber(ExchangeSubscriber parent) {
			this.parent = parent;
		}

		@Override
		public Context currentContext() {
			return this.parent.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.setOnce(ExchangeSubscriber.REPLAY, this.parent, subscription)) {
				subscription.request(Long.MAX_VALUE);
			}
		}

		@Override
		public void onNext(ClientResponse response) {
			this.parent.actual.onNext(response);
		}

		@Override
		public void onError(Throwable error) {
			this.parent.actual.onError(error);
		}

		@Override
		public void onComplete() {
			this.parent.actual.onComplete();
		}

	}

}
