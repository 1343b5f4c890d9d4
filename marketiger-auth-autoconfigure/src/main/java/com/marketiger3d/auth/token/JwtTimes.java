package com.marketiger3d.auth.token;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import org.jspecify.annotations.Nullable;

/**
 * The {@code exp} and {@code iat} claims of an access token, read with Nimbus JOSE
 * without any signature check: the client has no key and only needs to know when to
 * refresh.
 *
 * @param expiresAt the {@code exp} claim, or {@code null} when absent or unreadable
 * @param issuedAt the {@code iat} claim, or {@code null} when absent or unreadable
 */
record JwtTimes(@Nullable Instant expiresAt, @Nullable Instant issuedAt) {

	private static final JwtTimes UNREADABLE = new JwtTimes(null, null);

	static JwtTimes read(String token) {
		try {
			JWT jwt = JWTParser.parse(token);
			JWTClaimsSet claims = jwt.getJWTClaimsSet();
			if (claims == null) {
				return UNREADABLE;
			}
			return new JwtTimes(instant(claims.getExpirationTime()), instant(claims.getIssueTime()));
		}
		catch (ParseException | RuntimeException ex) {
			// Not a JWT, an encrypted one, or claims of the wrong type: the fallback
			// lifetime applies.
			return UNREADABLE;
		}
	}

	private static @Nullable Instant instant(@Nullable Date date) {
		return (date != null) ? date.toInstant() : null;
	}

}
