package com.marketiger3d.auth.token;

import java.security.SecureRandom;

/**
 * The versions of a {@link StoredTokenPair}: a lineage id in the upper 31 bits, a counter
 * in the lower 32. A pair written where the store holds none starts a new lineage with a
 * random id, so a session whose pair was lost and written again never repeats a version
 * an instance remembers; every replace within a lineage raises the counter by one. Newer
 * means another lineage (a pair that replaced a lost one), or a higher counter in the
 * same lineage; a lower counter in the same lineage is a rollback, never an update.
 *
 * @since 0.1.0
 */
public final class TokenVersions {

	private static final int COUNTER_BITS = 32;

	private static final long COUNTER_MASK = (1L << COUNTER_BITS) - 1;

	private static final SecureRandom random = new SecureRandom();

	private TokenVersions() {
	}

	/**
	 * Return the version a compare-and-set writes over {@code expectedVersion}: the next
	 * one of its lineage, or the first of a new lineage when there was no pair
	 * ({@code 0}) or the counter is used up.
	 * @param expectedVersion the version replaced, or {@code 0}
	 * @return a positive version
	 */
	public static long next(long expectedVersion) {
		if (expectedVersion == 0 || (expectedVersion & COUNTER_MASK) == COUNTER_MASK) {
			long lineage = 1 + random.nextInt(Integer.MAX_VALUE - 1);
			return (lineage << COUNTER_BITS) | 1;
		}
		return expectedVersion + 1;
	}

	/**
	 * Return the lineage id of a version.
	 * @param version a version
	 * @return its lineage id
	 */
	public static long lineage(long version) {
		return version >>> COUNTER_BITS;
	}

	/**
	 * Return whether a stored version replaces the one an instance knows: another
	 * lineage, or a later version of the same one.
	 * @param version the stored version
	 * @param known the version the instance knows, or {@code 0}
	 * @return whether {@code version} is newer
	 */
	public static boolean isNewer(long version, long known) {
		return known == 0 || (version != known && (lineage(version) != lineage(known) || version > known));
	}

	/**
	 * Return whether a stored version is an earlier one of the lineage an instance knows:
	 * a store's versions never go backwards, so such a pair was put back by someone.
	 * @param version the stored version
	 * @param known the version the instance knows, or {@code 0}
	 * @return whether {@code version} rolls the lineage back
	 */
	public static boolean isRollback(long version, long known) {
		return known != 0 && lineage(version) == lineage(known) && version < known;
	}

}
