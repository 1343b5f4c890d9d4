package com.marketiger3d.simulator;

import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AccessTokens}.
 */
class AccessTokensTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-15T10:00:00.750Z"));

	private final AccessTokens accessTokens = new AccessTokens(this.clock, Duration.ofSeconds(30));

	@Test
	void issueSignsHs256JwtWithWholeSecondTimes() throws Exception {
		AccessToken token = this.accessTokens.issue("demo@marketiger3d.test", "session-1");
		SignedJWT jwt = SignedJWT.parse(token.value());
		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		assertThat(claims.getSubject()).isEqualTo("demo@marketiger3d.test");
		assertThat(claims.getStringClaim("sid")).isEqualTo("session-1");
		assertThat(claims.getJWTID()).isEqualTo(token.id());
		assertThat(claims.getIssueTime().toInstant()).isEqualTo(Instant.parse("2026-01-15T10:00:00Z"));
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(Instant.parse("2026-01-15T10:00:30Z"));
	}

	@Test
	void readReturnsTheClaimsOfItsOwnTokens() {
		AccessToken issued = this.accessTokens.issue("demo@marketiger3d.test", "session-1");
		assertThat(this.accessTokens.read(issued.value())).isEqualTo(issued);
	}

	@Test
	void readRefusesTokensItDidNotSign() {
		AccessToken foreign = new AccessTokens(this.clock, Duration.ofSeconds(30)).issue("demo@marketiger3d.test",
				"session-1");
		assertThat(this.accessTokens.read(foreign.value())).isNull();
		AccessToken own = this.accessTokens.issue("demo@marketiger3d.test", "session-1");
		String unsigned = new PlainJWT(SimulatorClient.claims(own.value())).serialize();
		assertThat(this.accessTokens.read(unsigned)).isNull();
		assertThat(this.accessTokens.read("a.b.c")).isNull();
		assertThat(this.accessTokens.read("")).isNull();
	}

	@Test
	void tokenExpiresAtItsExpiryTime() {
		AccessToken token = this.accessTokens.issue("demo@marketiger3d.test", "session-1");
		this.clock.advance(Duration.ofMillis(29_249));
		assertThat(this.accessTokens.isExpired(token)).isFalse();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.accessTokens.isExpired(token)).isTrue();
	}

	@Test
	void revokeAllRevokesEveryUnexpiredToken() {
		AccessToken expired = this.accessTokens.issue("demo@marketiger3d.test", "session-1");
		this.clock.advance(Duration.ofMinutes(1));
		AccessToken first = this.accessTokens.issue("demo@marketiger3d.test", "session-1");
		AccessToken second = this.accessTokens.issue("demo@marketiger3d.test", "session-2");
		assertThat(this.accessTokens.isRevoked(first)).isFalse();
		assertThat(this.accessTokens.revokeAll()).isEqualTo(2);
		assertThat(this.accessTokens.isRevoked(first)).isTrue();
		assertThat(this.accessTokens.isRevoked(second)).isTrue();
		assertThat(this.accessTokens.isExpired(expired)).isTrue();
	}

	@Test
	void tokensIssuedAfterARevocationAreNotRevoked() {
		AccessToken before = this.accessTokens.issue("demo@marketiger3d.test", "session-1");
		assertThat(this.accessTokens.revokeAll()).isOne();
		AccessToken after = this.accessTokens.issue("demo@marketiger3d.test", "session-1");
		assertThat(this.accessTokens.isRevoked(before)).isTrue();
		assertThat(this.accessTokens.isRevoked(after)).isFalse();
		assertThat(this.accessTokens.revokeAll()).as("only the token issued since").isOne();
	}

	@Test
	void issuingLeavesExpiredTokensToTheScheduledExpiry() {
		for (int i = 0; i < 1000; i++) {
			this.accessTokens.issue("demo@marketiger3d.test", "session-" + i);
		}
		this.clock.advance(Duration.ofMinutes(1));
		AccessToken fresh = this.accessTokens.issue("demo@marketiger3d.test", "session-fresh");
		assertThat(this.accessTokens.remembered()).as("expired tokens wait for the scheduled expiry").isEqualTo(1001);
		assertThat(this.accessTokens.isRevoked(fresh)).isFalse();
	}

	@Test
	void expireForgetsExpiredTokensWhichStayExpiredAndUnrevoked() {
		AccessToken old = this.accessTokens.issue("demo@marketiger3d.test", "session-1");
		this.clock.advance(Duration.ofSeconds(30));
		AccessToken current = this.accessTokens.issue("demo@marketiger3d.test", "session-1");
		assertThat(this.accessTokens.expire()).isOne();
		assertThat(this.accessTokens.remembered()).isOne();
		assertThat(this.accessTokens.isExpired(old)).isTrue();
		assertThat(this.accessTokens.isRevoked(old)).isFalse();
		assertThat(this.accessTokens.isExpired(current)).isFalse();
		assertThat(this.accessTokens.revokeAll()).isOne();
		assertThat(this.accessTokens.remembered()).isZero();
	}

	@Test
	void aTokenWithoutAnIssueNumberIsRevoked() {
		AccessToken token = this.accessTokens.issue("demo@marketiger3d.test", "session-1");
		AccessToken foreign = new AccessToken(token.value(), "not-a-number", token.subject(), token.sessionId(),
				token.issuedAt(), token.expiresAt());
		assertThat(this.accessTokens.isRevoked(foreign)).isTrue();
	}

}
