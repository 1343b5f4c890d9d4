package com.marketiger3d.auth.token;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.marketiger3d.auth.api.Credentials;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import com.marketiger3d.auth.api.RefreshTokenRejectedException;
import com.marketiger3d.auth.api.TransientAuthFailureException;
import com.marketiger3d.auth.test.AuthApiStub;
import com.marketiger3d.auth.test.MutableClock;
import com.marketiger3d.auth.test.TestJwts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * One renewal's store and lease protocol: when the store is read, under which lease, and
 * what becomes of a refresh token that must not be sent again.
 */
@WireMockTest
@ExtendWith(OutputCaptureExtension.class)
class TokenRenewerTests {

	/** How long a test waits for a result before it fails. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private final MutableClock clock = MutableClock.startingAt("2026-03-01T08:00:00Z");

	private final InMemoryTokenStore store = new InMemoryTokenStore();

	private WireMockRuntimeInfo wireMock;

	private AuthApiStub api;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wireMock) {
		this.wireMock = wireMock;
		this.api = new AuthApiStub(wireMock.getWireMock(), LIFETIME);
	}

	@Test
	void aNewerStoredPairIsAdoptedWithoutTakingTheLease() {
		this.api.loginThenRotations(0);
		builder(this.store).credentials(credentials()).build().accessToken().block(TIMEOUT);
		AtomicInteger acquired = new AtomicInteger();
		RefreshCoordinator counting = (sessionKey, knownVersion) -> {
			acquired.incrementAndGet();
			return RefreshCoordinator.inProcess().acquire(sessionKey, knownVersion);
		};
		TokenRefreshService another = builder(this.store).credentials(credentials()).coordinator(counting).build();

		assertThat(another.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		assertThat(acquired).hasValue(0);
		assertThat(this.api.loginCount()).isOne();
	}

	@Test
	void theHolderOfASharedLeaseRenewsNothingWhenTheStoreCannotBeRead() {
		this.api.loginThenRotations(1);
		AtomicBoolean unreachable = new AtomicBoolean();
		TokenRefreshService service = builder(unreadable(unreachable)).credentials(credentials())
			.coordinator(new SessionRefreshCoordinator(RefreshCoordinator.inProcess()))
			.build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME);
		unreachable.set(true);

		assertThatExceptionOfType(TokenStoreUnavailableException.class)
			.isThrownBy(() -> service.accessToken().block(TIMEOUT))
			.withMessageContaining("could not be read under the refresh lease");
		assertThat(this.api.refreshCount()).isZero();
	}

	@Test
	void aLeaseNobodyElseRenewsUnderCarriesOnFromItsOwnPairWhenTheStoreCannotBeRead() {
		this.api.loginThenRotations(1);
		AtomicBoolean unreachable = new AtomicBoolean();
		TokenRefreshService service = builder(unreadable(unreachable)).credentials(credentials()).build();
		service.accessToken().block(TIMEOUT);
		this.clock.advance(LIFETIME);
		unreachable.set(true);

		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(1));
		assertThat(this.api.refreshCount()).isOne();
	}

	@Test
	void underASharedLeaseOnlyStoreRetriesAndAuthCallsAreGuarded(CapturedOutput output) {
		this.api.loginThenRotations(0);
		AtomicInteger loads = new AtomicInteger();
		TokenStore secondLoadFails = new TokenStore() {

			@Override
			public Mono<StoredTokenPair> load(String sessionKey) {
				return Mono.defer(() -> (loads.incrementAndGet() == 2)
						? Mono.error(new TokenStoreUnavailableException("store restarting"))
						: TokenRenewerTests.this.store.load(sessionKey));
			}

			@Override
			public Mono<StoredTokenPair> replace(String sessionKey, long expectedVersion, TokenPair pair) {
				return TokenRenewerTests.this.store.replace(sessionKey, expectedVersion, pair);
			}

		};
		AtomicInteger guarded = new AtomicInteger();
		RenewalLease shared = new RenewalLease() {

			@Override
			public <T> Mono<T> guard(Mono<T> call) {
				return Mono.defer(() -> {
					guarded.incrementAndGet();
					return call;
				});
			}

			@Override
			public Mono<Void> release() {
				return Mono.empty();
			}

		};
		TokenRefreshService service = builder(secondLoadFails).credentials(credentials())
			.coordinator((sessionKey, knownVersion) -> Mono.just(shared))
			.build();

		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		assertThat(loads).hasValue(3);
		assertThat(guarded).as("the retried store read and the login").hasValue(2);
		assertThat(output).contains("store restarting", "retry 1 of 2",
				"store call for session '" + TokenRefreshService.SERVICE_ACCOUNT_SESSION + "'");
	}

	@Test
	void aLeaseWhoseNewPairTheStoreNeverTakesIsLeftToLapseNotReleased() {
		this.api.loginThenRotations(0);
		TokenStore neverWrites = new TokenStore() {

			@Override
			public Mono<StoredTokenPair> load(String sessionKey) {
				return TokenRenewerTests.this.store.load(sessionKey);
			}

			@Override
			public Mono<StoredTokenPair> replace(String sessionKey, long expectedVersion, TokenPair pair) {
				return Mono.error(new TokenStoreUnavailableException("write timed out"));
			}

		};
		AtomicInteger calls = new AtomicInteger();
		List<String> givenUp = new CopyOnWriteArrayList<>();
		RenewalLease shared = new RenewalLease() {

			// The login, the write and its two retries, then the background writes: the
			// lease ends after the seventh call.
			@Override
			public <T> Mono<T> guard(Mono<T> call) {
				return Mono.defer(() -> (calls.incrementAndGet() <= 7) ? call
						: Mono.error(new TokenStoreUnavailableException("not certain to outlast another call")));
			}

			@Override
			public Mono<Void> release() {
				return Mono.fromRunnable(() -> givenUp.add("released"));
			}

			@Override
			public Mono<Void> lapse() {
				return Mono.fromRunnable(() -> givenUp.add("left to lapse"));
			}

		};
		TokenRefreshService service = builder(neverWrites).credentials(credentials())
			.retryPolicy(new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(20)))
			.coordinator((sessionKey, knownVersion) -> Mono.just(shared))
			.build();

		assertThat(service.accessToken().block(TIMEOUT)).isEqualTo(this.api.accessToken(0));
		await().atMost(TIMEOUT).until(() -> !givenUp.isEmpty());
		assertThat(givenUp).containsExactly("left to lapse");
		assertThat(calls).hasValue(8);
	}

	@Test
	void aUsersSessionWhoseRefreshTokenWasRejectedIsNotConnectedBecauseOfTheRejection() {
		this.api.loginThenRotations(0);
		String expired = TestJwts.expiringAt(this.clock.instant().minusSeconds(1));
		TokenRefreshService service = new TokenRefreshService(new SharedRenewalParts(builder(this.store).settings()),
				"alice", null, new IssuedTokens(expired, "configured-refresh"), true);

		assertThatExceptionOfType(MarketigerAccountNotConnectedException.class)
			.isThrownBy(() -> service.accessToken().block(TIMEOUT))
			.withMessageContaining("'alice'")
			.withCauseInstanceOf(RefreshTokenRejectedException.class);
		assertThat(this.api.refreshCount()).isOne();
	}

	@Test
	void aRejectedRefreshTokenIsNeverSentAgainEvenWhenTheStoreCannotBeWritten() {
		this.api.loginThenRotations(0);
		AtomicInteger writes = new AtomicInteger();
		TokenStore failsAfterFirstWrite = new TokenStore() {

			@Override
			public Mono<StoredTokenPair> load(String sessionKey) {
				return TokenRenewerTests.this.store.load(sessionKey);
			}

			@Override
			public Mono<StoredTokenPair> replace(String sessionKey, long expectedVersion, TokenPair pair) {
				return Mono.defer(() -> (writes.incrementAndGet() == 1)
						? TokenRenewerTests.this.store.replace(sessionKey, expectedVersion, pair)
						: Mono.error(new IllegalStateException("disk full")));
			}

		};
		String expired = TestJwts.expiringAt(this.clock.instant().minusSeconds(1));
		TokenRefreshService service = builder(failsAfterFirstWrite)
			.initialTokens(new IssuedTokens(expired, "configured-refresh"))
			.build();

		assertThatExceptionOfType(ReauthenticationRequiredException.class)
			.isThrownBy(() -> service.accessToken().block(TIMEOUT));
		assertThat(service.currentTokens()).get().extracting(TokenPair::refreshToken).isNull();
		this.clock.advance(Duration.ofMinutes(10));
		assertThatExceptionOfType(ReauthenticationRequiredException.class)
			.isThrownBy(() -> service.accessToken().block(TIMEOUT));
		assertThat(this.api.refreshCount()).isOne();
	}

	@Test
	void aSessionDisconnectedWhileItsRefreshGotNoAnswerKeepsNoPair() {
		AtomicReference<TokenRefreshService> session = new AtomicReference<>();
		AtomicInteger refreshes = new AtomicInteger();
		MarketigerAuthClient lostAnswer = new MarketigerAuthClient(WebClient.create(this.wireMock.getHttpBaseUrl()),
				Duration.ofSeconds(5), this.clock) {

			@Override
			public Mono<IssuedTokens> refresh(String accessToken, String refreshToken) {
				return Mono.defer(() -> {
					refreshes.incrementAndGet();
					session.get().disconnect();
					return Mono.error(new TransientAuthFailureException("connection reset",
							new IllegalStateException("reset"), true));
				});
			}

		};
		String expired = TestJwts.expiringAt(this.clock.instant().minusSeconds(1));
		TokenRefreshService service = TokenRefreshService.builder(lostAnswer, this.store)
			.clock(this.clock)
			.initialTokens(new IssuedTokens(expired, "configured-refresh"))
			.build();
		session.set(service);

		assertThatExceptionOfType(MarketigerAccountNotConnectedException.class)
			.isThrownBy(() -> service.accessToken().block(TIMEOUT));
		assertThat(refreshes).hasValue(1);
		assertThat(service.currentTokens()).isEmpty();
	}

	private TokenStore unreadable(AtomicBoolean unreachable) {
		return new TokenStore() {

			@Override
			public Mono<StoredTokenPair> load(String sessionKey) {
				return Mono.defer(
						() -> unreachable.get() ? Mono.error(new TokenStoreUnavailableException("connection refused"))
								: TokenRenewerTests.this.store.load(sessionKey));
			}

			@Override
			public Mono<StoredTokenPair> replace(String sessionKey, long expectedVersion, TokenPair pair) {
				return TokenRenewerTests.this.store.replace(sessionKey, expectedVersion, pair);
			}

		};
	}

	private static Credentials credentials() {
		return new Credentials(AuthApiStub.EMAIL, AuthApiStub.PASSWORD);
	}

	private TokenRefreshServiceBuilder builder(TokenStore tokenStore) {
		MarketigerAuthClient client = MarketigerAuthClient.builder(URI.create(this.wireMock.getHttpBaseUrl() + "/v2"))
			.clock(this.clock)
			.build();
		return TokenRefreshService.builder(client, tokenStore)
			.clock(this.clock)
			.retryPolicy(new RetryPolicy(4, Duration.ofMillis(10), Duration.ofSeconds(2)));
	}

}
