package com.marketiger3d.auth.token;

import java.time.Instant;

import com.marketiger3d.auth.api.MarketigerAuthException;
import com.marketiger3d.auth.api.ReauthenticationRequiredException;
import com.marketiger3d.auth.api.TokenFingerprint;
import com.marketiger3d.auth.token.event.LoginEvent;
import com.marketiger3d.auth.token.event.ReauthenticationRequiredEvent;
import com.marketiger3d.auth.token.event.TokenRefreshFailedEvent;
import com.marketiger3d.auth.token.event.TokenRefreshedEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenLifecycleEventTests {

	private static final Instant EXPIRES = Instant.parse("2026-03-01T08:05:00Z");

	private static final Instant REFRESH_EXPIRES = Instant.parse("2026-03-01T20:00:00Z");

	private final String fingerprint = TokenFingerprint.of("access-secret-value");

	@Test
	void obtainedEventsGiveTheirSessionFingerprintAndExpiries() {
		LoginEvent login = new LoginEvent(this, "alice", this.fingerprint, EXPIRES, REFRESH_EXPIRES);
		TokenRefreshedEvent refreshed = new TokenRefreshedEvent(this, "bob", this.fingerprint, EXPIRES, null);

		assertThat(login.getSessionKey()).isEqualTo("alice");
		assertThat(login.getAccessTokenFingerprint()).isEqualTo(this.fingerprint);
		assertThat(login.getAccessTokenExpiresAt()).isEqualTo(EXPIRES);
		assertThat(login.getRefreshTokenExpiresAt()).isEqualTo(REFRESH_EXPIRES);
		assertThat(login.getSource()).isSameAs(this);
		assertThat(refreshed.getSessionKey()).isEqualTo("bob");
		assertThat(refreshed.getRefreshTokenExpiresAt()).isNull();
	}

	@Test
	void obtainedEventNamesItsKindSessionFingerprintAndExpiryNeverTheToken() {
		LoginEvent login = new LoginEvent(this, "alice", this.fingerprint, EXPIRES, REFRESH_EXPIRES);
		TokenRefreshedEvent refreshed = new TokenRefreshedEvent(this, "bob", this.fingerprint, EXPIRES, null);

		assertThat(login.toString()).startsWith("LoginEvent[")
			.contains("session=alice", "accessToken=" + this.fingerprint, "expiresAt=" + EXPIRES)
			.doesNotContain("secret");
		assertThat(refreshed.toString()).startsWith("TokenRefreshedEvent[").contains("session=bob");
	}

	@Test
	void failureEventsGiveTheirFailureAndNameTheirSession() {
		ReauthenticationRequiredException required = new ReauthenticationRequiredException("log in again");
		MarketigerAuthException failed = new MarketigerAuthException("renewal failed");
		ReauthenticationRequiredEvent reauthentication = new ReauthenticationRequiredEvent(this, "alice", required);
		TokenRefreshFailedEvent failure = new TokenRefreshFailedEvent(this, "bob", failed);

		assertThat(reauthentication.getSessionKey()).isEqualTo("alice");
		assertThat(reauthentication.getFailure()).isSameAs(required);
		assertThat(reauthentication.toString()).isEqualTo("ReauthenticationRequiredEvent[session=alice]");
		assertThat(failure.getSessionKey()).isEqualTo("bob");
		assertThat(failure.getFailure()).isSameAs(failed);
		assertThat(failure.toString()).startsWith("TokenRefreshFailedEvent[session=bob").contains("renewal failed");
	}

}
