package com.marketiger3d.simulator;

import java.time.Instant;

/**
 * An access token this simulator signed, with the claims it checks.
 *
 * @param value the serialized JWT
 * @param id the {@code jti} claim
 * @param subject the {@code sub} claim: the account's e-mail
 * @param sessionId the {@code sid} claim: the login the token descends from
 * @param issuedAt the {@code iat} claim
 * @param expiresAt the {@code exp} claim
 */
record AccessToken(String value, String id, String subject, String sessionId, Instant issuedAt, Instant expiresAt) {

	@Override
	public String toString() {
		return "AccessToken[id=" + this.id + ", sessionId=" + this.sessionId + "]";
	}

}
