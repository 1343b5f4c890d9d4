package com.marketiger3d.auth.web.reactive;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;
import reactor.test.publisher.TestPublisher;
import reactor.util.context.Context;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayingExchangeTests {

	private final ClientResponse ok = ClientResponse.create(HttpStatus.OK).build();

	private final ClientResponse unauthorized = ClientResponse.create(HttpStatus.UNAUTHORIZED).build();

	private final List<ClientResponse> rejected = new ArrayList<>();

	@ParameterizedTest
	@ValueSource(ints = { 200, 204, 302, 400, 403, 404, 500, 503 })
	void passesOnAnythingButA401WithoutReplaying(int status) {
		ClientResponse response = ClientResponse.create(HttpStatus.valueOf(status)).build();

		StepVerifier.create(ReplayingExchange.of(Mono.just(response), replayWith(Mono.just(this.ok))))
			.expectNext(response)
			.verifyComplete();

		assertThat(this.rejected).isEmpty();
	}

	@Test
	void answersA401WithTheReplaysResponse() {
		StepVerifier.create(ReplayingExchange.of(Mono.just(this.unauthorized), replayWith(Mono.just(this.ok))))
			.expectNext(this.ok)
			.verifyComplete();

		assertThat(this.rejected).containsExactly(this.unauthorized);
	}

	@Test
	void replaysOnceAndPassesOnTheReplaysOwn401() {
		ClientResponse second = ClientResponse.create(HttpStatus.UNAUTHORIZED).build();

		StepVerifier.create(ReplayingExchange.of(Mono.just(this.unauthorized), replayWith(Mono.just(second))))
			.expectNext(second)
			.verifyComplete();

		assertThat(this.rejected).containsExactly(this.unauthorized);
	}

	@Test
	void exchangeErrorReachesTheCallerWithoutReplay() {
		IllegalStateException failure = new IllegalStateException("connection refused");

		StepVerifier.create(ReplayingExchange.of(Mono.error(failure), replayWith(Mono.just(this.ok))))
			.verifyErrorSatisfies((ex) -> assertThat(ex).isSameAs(failure));

		assertThat(this.rejected).isEmpty();
	}

	@Test
	void emptyExchangeCompletesEmpty() {
		StepVerifier.create(ReplayingExchange.of(Mono.empty(), replayWith(Mono.just(this.ok)))).verifyComplete();
	}

	@Test
	void replayErrorReachesTheCaller() {
		IllegalStateException failure = new IllegalStateException("renewal failed");

		StepVerifier.create(ReplayingExchange.of(Mono.just(this.unauthorized), replayWith(Mono.error(failure))))
			.verifyErrorSatisfies((ex) -> assertThat(ex).isSameAs(failure));
	}

	@Test
	void emptyReplayCompletesEmpty() {
		StepVerifier.create(ReplayingExchange.of(Mono.just(this.unauthorized), replayWith(Mono.empty())))
			.verifyComplete();
	}

	@Test
	void replayThatThrowsFailsTheCaller() {
		IllegalStateException failure = new IllegalStateException("no replay");

		StepVerifier.create(ReplayingExchange.of(Mono.just(this.unauthorized), (rejected) -> {
			throw failure;
		})).verifyErrorSatisfies((ex) -> assertThat(ex).isSameAs(failure));
	}

	@Test
	void nullReplayFailsTheCaller() {
		StepVerifier.create(ReplayingExchange.of(Mono.just(this.unauthorized), (rejected) -> null))
			.verifyErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(NullPointerException.class)
				.hasMessage("the replay must not be null"));
	}

	@Test
	void asksTheExchangeOnlyOnceTheCallerAsks() {
		TestPublisher<ClientResponse> exchange = TestPublisher.create();

		StepVerifier.create(ReplayingExchange.of(exchange.mono(), replayWith(Mono.just(this.ok))), 0)
			.expectSubscription()
			.then(exchange::assertWasNotRequested)
			.thenRequest(1)
			.then(() -> exchange.assertMinRequested(1).emit(this.ok))
			.expectNext(this.ok)
			.verifyComplete();
	}

	@Test
	void cancellingBeforeTheAnswerCancelsTheExchange() {
		PublisherProbe<ClientResponse> exchange = PublisherProbe.of(Mono.never());

		StepVerifier.create(ReplayingExchange.of(exchange.mono(), replayWith(Mono.just(this.ok))))
			.expectSubscription()
			.thenCancel()
			.verify();

		exchange.assertWasCancelled();
		assertThat(this.rejected).isEmpty();
	}

	@Test
	void cancellingDuringTheReplayCancelsTheReplay() {
		PublisherProbe<ClientResponse> replay = PublisherProbe.of(Mono.never());

		StepVerifier.create(ReplayingExchange.of(Mono.just(this.unauthorized), replayWith(replay.mono())))
			.expectSubscription()
			.then(replay::assertWasSubscribed)
			.thenCancel()
			.verify();

		replay.assertWasCancelled();
	}

	@Test
	void replayThatSubscribesAfterTheCallerCancelledIsCancelledAtOnce() {
		PublisherProbe<ClientResponse> replay = PublisherProbe.of(Mono.just(this.ok));
		AtomicReference<Subscription> caller = new AtomicReference<>();
		List<ClientResponse> received = new ArrayList<>();
		// The caller cancels while the 401 is being handled, before the replay is
		// subscribed to: as when cancel() and the 401 arrive on two threads at once.
		Mono<ClientResponse> replaying = ReplayingExchange.of(Mono.just(this.unauthorized), (rejected) -> {
			caller.get().cancel();
			return replay.mono();
		});

		replaying.subscribe(new BaseSubscriber<>() {

			@Override
			protected void hookOnSubscribe(Subscription subscription) {
				caller.set(subscription);
				subscription.request(1);
			}

			@Override
			protected void hookOnNext(ClientResponse response) {
				received.add(response);
			}

		});

		replay.assertWasSubscribed();
		replay.assertWasCancelled();
		replay.assertWasNotRequested();
		assertThat(received).isEmpty();
	}

	@Test
	void exchangeCompletingAfterItsA401DoesNotEndTheReplay() {
		TestPublisher<ClientResponse> exchange = TestPublisher.create();
		Sinks.One<ClientResponse> replay = Sinks.one();

		// fromDirect: the exchange's own completion, which Mono.from would cut short
		StepVerifier.create(ReplayingExchange.of(Mono.fromDirect(exchange), replayWith(replay.asMono())))
			.then(() -> exchange.next(this.unauthorized).complete())
			.then(() -> replay.tryEmitValue(this.ok))
			.expectNext(this.ok)
			.verifyComplete();
	}

	@Test
	void exchangeErrorAfterItsA401IsDropped() {
		TestPublisher<ClientResponse> exchange = TestPublisher.create();
		Sinks.One<ClientResponse> replay = Sinks.one();

		StepVerifier.create(ReplayingExchange.of(Mono.fromDirect(exchange), replayWith(replay.asMono())))
			.then(() -> exchange.next(this.unauthorized).error(new IllegalStateException("late")))
			.then(() -> replay.tryEmitValue(this.ok))
			.expectNext(this.ok)
			.expectComplete()
			.verifyThenAssertThat()
			.hasDroppedErrorWithMessage("late");
	}

	@Test
	void replaySeesTheCallersContext() {
		Mono<ClientResponse> replay = Mono.deferContextual((context) -> Mono
			.just(ClientResponse.create(HttpStatus.OK).header("X-Caller", context.<String>get("caller")).build()));

		StepVerifier
			.create(ReplayingExchange.of(Mono.just(this.unauthorized), replayWith(replay))
				.contextWrite(Context.of("caller", "alice")))
			.assertNext((response) -> assertThat(response.headers().header("X-Caller")).containsExactly("alice"))
			.verifyComplete();
	}

	@Test
	void exchangeSeesTheCallersContext() {
		Mono<ClientResponse> exchange = Mono.deferContextual((context) -> Mono
			.just(ClientResponse.create(HttpStatus.OK).header("X-Caller", context.<String>get("caller")).build()));

		StepVerifier
			.create(ReplayingExchange.of(exchange, replayWith(Mono.just(this.ok)))
				.contextWrite(Context.of("caller", "bob")))
			.assertNext((response) -> assertThat(response.headers().header("X-Caller")).containsExactly("bob"))
			.verifyComplete();
	}

	@Test
	void eachSubscriptionRunsItsOwnExchange() {
		AtomicInteger exchanges = new AtomicInteger();
		Mono<ClientResponse> exchange = Mono
			.defer(() -> Mono.just((exchanges.incrementAndGet() == 1) ? this.unauthorized : this.ok));
		Mono<ClientResponse> replaying = ReplayingExchange.of(exchange, replayWith(Mono.just(this.ok)));

		StepVerifier.create(replaying).expectNext(this.ok).verifyComplete();
		StepVerifier.create(replaying).expectNext(this.ok).verifyComplete();

		assertThat(exchanges).hasValue(2);
		assertThat(this.rejected).containsExactly(this.unauthorized);
	}

	@Test
	void secondSubscriptionFromTheExchangeIsCancelled() {
		PublisherProbe<ClientResponse> first = PublisherProbe.of(Mono.just(this.ok));
		AtomicInteger cancelled = new AtomicInteger();
		Mono<ClientResponse> twice = new Mono<>() {

			@Override
			public void subscribe(CoreSubscriber<? super ClientResponse> actual) {
				first.mono().subscribe(actual);
				actual.onSubscribe(new Subscription() {

					@Override
					public void request(long n) {
					}

					@Override
					public void cancel() {
						cancelled.incrementAndGet();
					}

				});
			}

		};

		StepVerifier.create(ReplayingExchange.of(twice, replayWith(Mono.just(this.ok))))
			.expectNext(this.ok)
			.verifyComplete();

		assertThat(cancelled).hasValue(1);
	}

	private Function<ClientResponse, Mono<ClientResponse>> replayWith(Mono<ClientResponse> replay) {
		return (rejected) -> {
			this.rejected.add(rejected);
			return replay;
		};
	}

}
