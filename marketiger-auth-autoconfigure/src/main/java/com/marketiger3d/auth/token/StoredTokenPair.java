package com.marketiger3d.auth.token;

import java.util.Objects;

/**
 * A {@link TokenPair} as a {@link TokenStore} holds it, with the version that a
 * compare-and-set must name to replace it.
 *
 * @param pair the tokens
 * @param version positive, the next of its lineage on every replace (see
 * {@link TokenVersions})
 * @since 0.1.0
 */
public record StoredTokenPair(TokenPair pair, long version) {

	/**
	 * Check the components.
	 * @param pair the tokens
	 * @param version positive, the next of its lineage on every replace
	 */
	public StoredTokenPair {
		Objects.requireNonNull(pair, "pair must not be null");
		if (version < 1) {
			throw new IllegalArgumentException("version must be positive");
		}
	}

}
