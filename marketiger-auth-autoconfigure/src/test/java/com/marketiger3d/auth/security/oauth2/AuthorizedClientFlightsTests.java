package com.marketiger3d.auth.security.oauth2;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.marketiger3d.auth.api.MalformedAuthResponseException;
import com.marketiger3d.auth.api.RefreshTokenRejectedException;
import com.marketiger3d.auth.api.TransientAuthFailureException;
import com.marketiger3d.auth.test.MutableClock;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The single flight and the lineage memory of {@link AuthorizedClientFlights}, with work
 * that the tests complete by hand.
 */
class AuthorizedClientFlightsTests {

	private static final Duration MEMORY = Duration.ofMinutes(10);

	private static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofHours(12);

	private static final ClientRegistration REGISTRATION = ClientRegistration.withRegistrationId("marketiger")
		.clientId("app")
		.authorizationGrantType(MarketigerReactiveAuthorizedClientProvider.LOGIN_GRANT_TYPE)
		.tokenUri("https://devapi.marketiger3d.com/v2/Auth/Login")
		.build();

	private static final AuthorizedClientFlights.Key ALICE = new AuthorizedClientFlights.Key("marketiger", "alice");

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	private final AuthorizedClientFlights flights = new AuthorizedClientFlights(this.clock, MEMORY,
			Duration.ofSeconds(1), REFRESH_TOKEN_LIFETIME);

	private final List<Sinks.One<OAuth2AuthorizedClient>> calls = new ArrayList<>();

	private final List<String> refreshed = new ArrayList<>();

	private final Function<OAuth2AuthorizedClient, Mono<OAuth2AuthorizedClient>> refresh = (base) -> {
		this.refreshed.add(base.getRefreshToken().getTokenValue());
		Sinks.One<OAuth2AuthorizedClient> call = Sinks.one();
		this.calls.add(call);
		return call.asMono();
	};

	@Test
	void callersWithTheSameRefreshTokenShareOneFlight() {
		OAuth2AuthorizedClient c0 = client("r0");
		OAuth2AuthorizedClient c1 = client("r1");

		Mono<OAuth2AuthorizedClient> first = this.flights.refresh(c0, (client) -> true, this.refresh);
		Mono<OAuth2AuthorizedClient> second = this.flights.refresh(c0, (client) -> true, this.refresh);
		StepVerifier.create(Mono.zip(first, second))
			.then(() -> this.calls.get(0).tryEmitValue(c1))
			.assertNext((both) -> assertThat(both.getT1()).isSameAs(c1).isSameAs(both.getT2()))
			.verifyComplete();

		assertThat(this.refreshed).containsExactly("r0");
	}

	@Test
	void callerHoldingASpentRefreshTokenGetsTheNewestClient() {
		OAuth2AuthorizedClient c0 = client("r0");
		OAuth2AuthorizedClient c1 = client("r1");
		OAuth2AuthorizedClient c2 = client("r2");
		rotate(c0, c1);

		StepVerifier.create(this.flights.refresh(c0, (client) -> client != c1, this.refresh))
			.expectNext(c1)
			.verifyComplete();
		assertThat(this.refreshed).containsExactly("r0");

		// The newest is due too: it is refreshed, with its own refresh token.
		StepVerifier.create(this.flights.refresh(c0, (client) -> true, this.refresh))
			.then(() -> this.calls.get(1).tryEmitValue(c2))
			.expectNext(c2)
			.verifyComplete();
		assertThat(this.refreshed).containsExactly("r0", "r1");
	}

	@Test
	void eachClientRenewsInItsOwnersLineageWhoeverPassesIt() {
		OAuth2AuthorizedClient alice0 = client("r0");
		OAuth2AuthorizedClient alice1 = client("r1");
		OAuth2AuthorizedClient bob0 = client("bob", "b0");
		OAuth2AuthorizedClient bob1 = client("bob", "b1");
		rotate(alice0, alice1);
		rotate(bob0, bob1);

		StepVerifier.create(this.flights.refresh(alice0, (client) -> client != alice1, this.refresh))
			.expectNext(alice1)
			.verifyComplete();
		StepVerifier.create(this.flights.refresh(bob0, (client) -> client != bob1, this.refresh))
			.expectNext(bob1)
			.verifyComplete();
		assertThat(this.refreshed).containsExactly("r0", "b0");
	}

	@Test
	void callerWithAnotherRefreshTokenWaitsForTheRunningFlightAndThenDecides() {
		OAuth2AuthorizedClient c0 = client("r0");
		OAuth2AuthorizedClient other = client("other");
		Mono<OAuth2AuthorizedClient> running = this.flights.refresh(c0, (client) -> true, this.refresh);
		Disposable subscription = running.subscribe();

		Mono<OAuth2AuthorizedClient> waiting = this.flights.refresh(other, (client) -> true, this.refresh);
		StepVerifier.create(waiting).then(() -> {
			assertThat(this.refreshed).containsExactly("r0");
			this.calls.get(0).tryEmitError(new TransientAuthFailureException("down", Duration.ZERO));
		}).expectError(TransientAuthFailureException.class).verify(Duration.ofSeconds(5));
		subscription.dispose();
		this.clock.advance(Duration.ofSeconds(1));

		StepVerifier.create(this.flights.refresh(other, (client) -> true, this.refresh))
			.then(() -> this.calls.get(1).tryEmitValue(client("other-1")))
			.expectNextCount(1)
			.verifyComplete();
		assertThat(this.refreshed).containsExactly("r0", "other");
	}

	@Test
	void loginWaitsForTheRunningRefreshAndSupersedesEveryOlderClient() {
		OAuth2AuthorizedClient c0 = client("r0");
		OAuth2AuthorizedClient c1 = client("r1");
		OAuth2AuthorizedClient connected = client("login");
		Disposable refreshing = this.flights.refresh(c0, (client) -> true, this.refresh).subscribe();
		AtomicInteger logins = new AtomicInteger();

		StepVerifier.create(this.flights.login(ALICE, c0, () -> {
			logins.incrementAndGet();
			return Mono.just(connected);
		})).then(() -> {
			assertThat(logins).hasValue(0);
			this.calls.get(0).tryEmitValue(c1);
		}).expectNext(connected).verifyComplete();
		refreshing.dispose();

		for (OAuth2AuthorizedClient older : List.of(c0, c1)) {
			StepVerifier.create(this.flights.refresh(older, (client) -> client != connected, this.refresh))
				.expectNext(connected)
				.verifyComplete();
		}
		assertThat(this.refreshed).containsExactly("r0");
	}

	@Test
	void rejectedRefreshTokenIsNeverSentAgain() {
		OAuth2AuthorizedClient c0 = client("r0");
		OAuth2AuthorizedClient c1 = client("r1");
		rotate(c0, c1);
		StepVerifier.create(this.flights.refresh(c1, (client) -> true, this.refresh))
			.then(() -> this.calls.get(1).tryEmitError(new RefreshTokenRejectedException("rejected")))
			.expectError(RefreshTokenRejectedException.class)
			.verify(Duration.ofSeconds(5));

		for (OAuth2AuthorizedClient holder : List.of(c0, c1)) {
			StepVerifier.create(this.flights.refresh(holder, (client) -> true, this.refresh))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(RefreshTokenRejectedException.class)
					.hasMessageContaining("not sent again")
					.hasMessageNotContaining("r1"))
				.verify(Duration.ofSeconds(5));
		}
		assertThat(this.refreshed).containsExactly("r0", "r1");
	}

	@Test
	void transientFailurePausesCallsForTheServersHintOrTheDefault() {
		OAuth2AuthorizedClient c0 = client("r0");
		fail(c0, new TransientAuthFailureException("slow down", Duration.ofSeconds(30)));

		this.clock.advance(Duration.ofSeconds(29));
		StepVerifier.create(this.flights.refresh(c0, (client) -> true, this.refresh))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(TransientAuthFailureException.class,
					(paused) -> assertThat(paused.getRetryAfter()).contains(Duration.ofSeconds(1))))
			.verify(Duration.ofSeconds(5));
		StepVerifier.create(this.flights.login(ALICE, c0, () -> Mono.just(c0)))
			.expectError(TransientAuthFailureException.class)
			.verify(Duration.ofSeconds(5));

		this.clock.advance(Duration.ofSeconds(1));
		fail(c0, new MalformedAuthResponseException("garbled"));
		StepVerifier.create(this.flights.refresh(c0, (client) -> true, this.refresh))
			.expectError(TransientAuthFailureException.class)
			.verify(Duration.ofSeconds(5));
		this.clock.advance(Duration.ofSeconds(1));
		StepVerifier.create(this.flights.refresh(c0, (client) -> true, this.refresh))
			.then(() -> this.calls.get(2).tryEmitValue(client("r1")))
			.expectNextCount(1)
			.verifyComplete();
		assertThat(this.refreshed).containsExactly("r0", "r0", "r0");
	}

	@Test
	void unusedLineagesAreForgottenAfterTheMemory() {
		OAuth2AuthorizedClient c0 = client("r0");
		OAuth2AuthorizedClient c1 = client("r1");
		rotate(c0, c1);
		this.flights.delivered("alice", c1);
		assertThat(this.flights.size()).isOne();

		this.clock.advance(MEMORY);
		AuthorizedClientFlights.Key bob = new AuthorizedClientFlights.Key("marketiger", "bob");
		StepVerifier.create(this.flights.login(bob, null, () -> Mono.just(client("bob", "b0"))))
			.expectNextCount(1)
			.verifyComplete();

		assertThat(this.flights.size()).isOne();
		Disposable refreshing = this.flights.refresh(c0, (client) -> true, this.refresh).subscribe();
		assertThat(this.refreshed).as("forgotten: the old token is sent as any unknown one")
			.containsExactly("r0", "r0");
		refreshing.dispose();
	}

	@Test
	void aRenewalNoCallerReceivedIsRememberedUntilTheRefreshTokensItSupersededExpire() {
		OAuth2AuthorizedClient c0 = client("r0");
		OAuth2AuthorizedClient c1 = client("r1");
		Disposable gone = this.flights.refresh(c0, (client) -> true, this.refresh).subscribe();
		gone.dispose();
		this.calls.get(0).tryEmitValue(c1);

		this.clock.advance(MEMORY);
		sweepWithAnotherLineage();
		assertHealsTo(c0, c1);
		assertThat(this.refreshed).as("the spent refresh token is not sent again").containsExactly("r0");

		this.clock.advance(REFRESH_TOKEN_LIFETIME.minus(MEMORY));
		sweepWithAnotherLineage();
		assertForgotten(c0);
	}

	@Test
	void aRenewalIsDeliveredOnlyWhenARequestOfItsPrincipalReceivedTheNewestClient() {
		OAuth2AuthorizedClient c0 = client("r0");
		OAuth2AuthorizedClient c1 = client("r1");
		OAuth2AuthorizedClient c2 = client("r2");
		rotate(c0, c1);
		rotate(c1, c2);
		// Saved under another name, or an older client: alice's service still has r1.
		this.flights.delivered("anonymousUser", c2);
		this.flights.delivered("alice", c1);
		this.flights.delivered("alice", client("r2"));
		this.flights.delivered("bob", client("bob", "b0"));

		this.clock.advance(MEMORY);
		sweepWithAnotherLineage();
		assertHealsTo(c1, c2);

		this.flights.delivered("alice", c2);
		this.clock.advance(MEMORY);
		sweepWithAnotherLineage();
		assertForgotten(c1);
	}

	@Test
	void aLineageRemembersItsNewestSupersededTokensOnly() {
		OAuth2AuthorizedClient first = client("r0");
		OAuth2AuthorizedClient previous = first;
		for (int i = 1; i <= AuthorizedClientFlights.SUPERSEDED_PER_LINEAGE + 1; i++) {
			OAuth2AuthorizedClient next = client("r" + i);
			rotate(previous, next);
			previous = next;
		}
		OAuth2AuthorizedClient newest = previous;

		StepVerifier.create(this.flights.refresh(client("r2"), (client) -> false, this.refresh))
			.expectNext(newest)
			.verifyComplete();
		Disposable refreshing = this.flights.refresh(first, (client) -> true, this.refresh).subscribe();
		assertThat(this.refreshed).last().isEqualTo("r0");
		refreshing.dispose();
	}

	@Test
	void aCallerThatCancelsLeavesTheFlightRunningForTheOthers() {
		OAuth2AuthorizedClient c0 = client("r0");
		OAuth2AuthorizedClient c1 = client("r1");
		Disposable cancelled = this.flights.refresh(c0, (client) -> true, this.refresh).subscribe();
		cancelled.dispose();

		StepVerifier.create(this.flights.refresh(c0, (client) -> true, this.refresh))
			.then(() -> this.calls.get(0).tryEmitValue(c1))
			.expectNext(c1)
			.verifyComplete();
		assertThat(this.refreshed).containsExactly("r0");
	}

	@Test
	void workThatCompletesEmptyOrThrowsFailsItsCallers() {
		OAuth2AuthorizedClient c0 = client("r0");

		StepVerifier.create(this.flights.refresh(c0, (client) -> true, (base) -> Mono.empty()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("refresh completed without an authorized client"))
			.verify(Duration.ofSeconds(5));
		StepVerifier.create(this.flights.login(ALICE, c0, () -> {
			throw new IllegalArgumentException("broken");
		})).expectError(IllegalArgumentException.class).verify(Duration.ofSeconds(5));
		assertThat(ALICE).hasToString("registration 'marketiger' and principal 'alice'");
	}

	@Test
	void workThatAnswersWithAnotherPrincipalsClientFailsAndRecordsNothing() {
		OAuth2AuthorizedClient c0 = client("r0");

		StepVerifier.create(this.flights.refresh(c0, (client) -> true, (base) -> Mono.just(client("bob", "b1"))))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("another principal's client")
				.hasMessageNotContaining("b1"))
			.verify(Duration.ofSeconds(5));
		StepVerifier.create(this.flights.login(ALICE, c0, () -> Mono.just(client("bob", "b1"))))
			.expectError(IllegalStateException.class)
			.verify(Duration.ofSeconds(5));

		Disposable refreshing = this.flights.refresh(c0, (client) -> true, this.refresh).subscribe();
		assertThat(this.refreshed).as("neither the refresh token nor the foreign client was recorded")
			.containsExactly("r0");
		refreshing.dispose();
	}

	private void assertHealsTo(OAuth2AuthorizedClient stale, OAuth2AuthorizedClient newest) {
		int calls = this.refreshed.size();
		StepVerifier.create(this.flights.refresh(stale, (client) -> client != newest, this.refresh))
			.expectNext(newest)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(this.refreshed).hasSize(calls);
	}

	private void assertForgotten(OAuth2AuthorizedClient stale) {
		Disposable refreshing = this.flights.refresh(stale, (client) -> true, this.refresh).subscribe();
		assertThat(this.refreshed).as("forgotten: the old token is sent as any unknown one")
			.last()
			.isEqualTo(stale.getRefreshToken().getTokenValue());
		refreshing.dispose();
	}

	private void sweepWithAnotherLineage() {
		AuthorizedClientFlights.Key carol = new AuthorizedClientFlights.Key("marketiger", "carol");
		StepVerifier.create(this.flights.login(carol, null, () -> Mono.just(client("carol", "c0"))))
			.expectNextCount(1)
			.verifyComplete();
	}

	private void rotate(OAuth2AuthorizedClient from, OAuth2AuthorizedClient to) {
		int call = this.calls.size();
		StepVerifier.create(this.flights.refresh(from, (client) -> true, this.refresh))
			.then(() -> this.calls.get(call).tryEmitValue(to))
			.expectNext(to)
			.verifyComplete();
	}

	private void fail(OAuth2AuthorizedClient from, Throwable failure) {
		int call = this.calls.size();
		StepVerifier.create(this.flights.refresh(from, (client) -> true, this.refresh))
			.then(() -> this.calls.get(call).tryEmitError(failure))
			.expectError(failure.getClass())
			.verify(Duration.ofSeconds(5));
	}

	private OAuth2AuthorizedClient client(String refreshToken) {
		return client("alice", refreshToken);
	}

	private OAuth2AuthorizedClient client(String principalName, String refreshToken) {
		return new OAuth2AuthorizedClient(REGISTRATION, principalName,
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-" + refreshToken,
						this.clock.instant(), this.clock.instant().plus(Duration.ofMinutes(5))),
				new OAuth2RefreshToken(refreshToken, this.clock.instant()));
	}

}
