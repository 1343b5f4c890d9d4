package com.marketiger3d.auth.token;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import com.marketiger3d.auth.api.InvalidCredentialsException;
import com.marketiger3d.auth.api.MalformedAuthResponseException;
import com.marketiger3d.auth.api.MarketigerAuthException;
import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import com.marketiger3d.auth.api.RefreshTokenRejectedException;
import com.marketiger3d.auth.api.TransientAuthFailureException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RenewalBackoff}.
 */
class RenewalBackoffTests {

	private static final Duration INITIAL = Duration.ofMillis(200);

	private static final Duration MAX = Duration.ofSeconds(5);

	private static final Instant UNTIL = Instant.parse("2026-03-01T08:00:05Z");

	private final RenewalBackoff backoff = new RenewalBackoff(
			new RetryPolicy(4, INITIAL, MAX, Duration.ofMinutes(5), Duration.ofSeconds(60)));

	@Test
	void transientFailuresAndMalformedAnswersPauseForTheFirstBackoff() {
		assertThat(this.backoff.after(new TransientAuthFailureException("busy"), 1)).isEqualTo(INITIAL);
		assertThat(this.backoff.after(new MalformedAuthResponseException("garbled"), 1)).isEqualTo(INITIAL);
	}

	@Test
	void failuresThatAreNeitherTransientNorPermanentDoNotPause() {
		assertThat(this.backoff.after(new IllegalStateException("bug"), 1)).isZero();
		assertThat(this.backoff.after(new IOException("reset"), 1)).isZero();
		assertThat(this.backoff.after(new RefreshTokenRejectedException("spent"), 1)).isZero();
	}

	@Test
	void unreachableStorePausesForTheLongestBackoff() {
		assertThat(this.backoff.after(new TokenStoreUnavailableException("down"), 1)).isEqualTo(MAX);
	}

	@Test
	void retryAfterHintPausesForItsDurationUpToTheLongestRetryAfter() {
		assertThat(this.backoff.after(new TransientAuthFailureException("busy", Duration.ofSeconds(30)), 1))
			.isEqualTo(Duration.ofSeconds(30));
		assertThat(this.backoff.after(new TransientAuthFailureException("busy", Duration.ofMinutes(10)), 1))
			.isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void permanentFailuresInARowDoubleThePauseFromTheLongestBackoffUpToTheLongestLoginBackoff() {
		InvalidCredentialsException failure = new InvalidCredentialsException("wrong password");

		assertThat(this.backoff.after(failure, 1)).isEqualTo(MAX);
		assertThat(this.backoff.after(failure, 2)).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.backoff.after(failure, 3)).isEqualTo(Duration.ofSeconds(20));
		assertThat(this.backoff.after(failure, 7)).isEqualTo(Duration.ofMinutes(5));
		assertThat(this.backoff.after(failure, 1000)).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void permanentPauseStaysAtTheLongestLoginBackoffWhenItEqualsTheLongestBackoffHoweverManyFailuresInARow() {
		// The three-argument policy with a long backoff makes both limits the same.
		RenewalBackoff equalLimits = new RenewalBackoff(new RetryPolicy(4, INITIAL, Duration.ofMinutes(10)));
		ReauthenticationRequiredException failure = new ReauthenticationRequiredException("log in again");

		assertThat(equalLimits.after(failure, 1)).isEqualTo(Duration.ofMinutes(10));
		assertThat(equalLimits.after(failure, 1000)).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void rejectedCredentialsSessionsAndOtherAuthFailuresArePermanent() {
		assertThat(RenewalBackoff.isPermanent(new InvalidCredentialsException("wrong"))).isTrue();
		assertThat(RenewalBackoff.isPermanent(new ReauthenticationRequiredException("log in again"))).isTrue();
		assertThat(RenewalBackoff.isPermanent(new MarketigerAuthException("stored pair unreadable"))).isTrue();
	}

	@Test
	void userSessionThatIsNotConnectedIsNotPermanent() {
		assertThat(RenewalBackoff.isPermanent(new MarketigerAccountNotConnectedException("user-1", "never connected")))
			.isFalse();
	}

	@Test
	void failuresThatTryingAgainMayCureAreNotPermanent() {
		assertThat(RenewalBackoff.isPermanent(new TransientAuthFailureException("busy"))).isFalse();
		assertThat(RenewalBackoff.isPermanent(new MalformedAuthResponseException("garbled"))).isFalse();
		assertThat(RenewalBackoff.isPermanent(new TokenStoreUnavailableException("down"))).isFalse();
		assertThat(RenewalBackoff.isPermanent(new AccessTokenTimeoutException("slow", Duration.ofSeconds(1))))
			.isFalse();
		assertThat(RenewalBackoff.isPermanent(new RefreshTokenRejectedException("spent"))).isFalse();
		assertThat(RenewalBackoff.isPermanent(new IllegalStateException("bug"))).isFalse();
		assertThat(RenewalBackoff.isPermanent(null)).isFalse();
	}

	@Test
	void callersFailAtOnceWhenThePauseIsAsLongAsTheLongestBackoff() {
		TransientAuthFailureException failure = new TransientAuthFailureException("busy");

		assertThat(this.backoff.failsAtOnce(MAX.toMillis(), failure)).isTrue();
		assertThat(this.backoff.failsAtOnce(MAX.toMillis() - 1, failure)).isFalse();
	}

	@Test
	void callersFailAtOnceDuringAnyPauseAfterAPermanentFailureButWaitOutAnUnreachableStore() {
		assertThat(this.backoff.failsAtOnce(1, new InvalidCredentialsException("wrong"))).isTrue();
		assertThat(this.backoff.failsAtOnce(0, new InvalidCredentialsException("wrong"))).isFalse();
		assertThat(this.backoff.failsAtOnce(MAX.toMillis() * 2, new TokenStoreUnavailableException("down"))).isFalse();
	}

	@Test
	void whilePausedAfterRejectedCredentialsCallersGetTheirOwnRejection() {
		InvalidCredentialsException failure = new InvalidCredentialsException("wrong password");

		MarketigerAuthException paused = this.backoff.whilePaused("service-account", failure, UNTIL, MAX);

		assertThat(paused).isExactlyInstanceOf(InvalidCredentialsException.class)
			.isNotSameAs(failure)
			.hasMessage("wrong password (not tried again before 2026-03-01T08:00:05Z)")
			.hasCause(failure);
	}

	@Test
	void whilePausedAfterAnotherPermanentFailureCallersGetAnAuthFailureOfTheirOwn() {
		MarketigerAuthException failure = new MarketigerAuthException("stored pair unreadable");

		MarketigerAuthException paused = this.backoff.whilePaused("service-account", failure, UNTIL, MAX);

		assertThat(paused).isExactlyInstanceOf(MarketigerAuthException.class)
			.isNotSameAs(failure)
			.hasMessage("stored pair unreadable (not tried again before 2026-03-01T08:00:05Z)")
			.hasCause(failure);
	}

	@Test
	void whilePausedAfterATransientOrUnknownFailureCallersGetATransientFailureNamingTheEndOfThePause() {
		for (Throwable failure : new Throwable[] { new TransientAuthFailureException("busy"), null }) {
			MarketigerAuthException paused = this.backoff.whilePaused("user-7", failure, UNTIL, MAX);

			assertThat(paused).isExactlyInstanceOf(TransientAuthFailureException.class)
				.hasMessageContaining("session 'user-7'")
				.hasMessageContaining("paused until 2026-03-01T08:00:05Z");
			assertThat(((TransientAuthFailureException) paused).getRetryAfter()).contains(MAX);
		}
	}

}
