package com.marketiger3d.auth.redis;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of the refresh lease, and what {@link #PROBE} answers. Scripts, because
 * only the lease's owner may extend or delete it: the owner token is compared and the key
 * changed in one atomic step.
 */
final class LeaseScripts {

	/** Extend the lease (ARGV[2] milliseconds) if ARGV[1] still owns it: 1, else 0. */
	static final RedisScript<Long> RENEW = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
			end
			return 0
			""", Long.class);

	/** Delete the lease if ARGV[1] still owns it: 1, else 0. */
	static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			  return redis.call('DEL', KEYS[1])
			end
			return 0
			""", Long.class);

	/**
	 * 1: a pair is stored under another version than ARGV[1] (a later one of its lineage,
	 * or a new lineage: versions never go back, so any other one is newer); 0: no lease;
	 * -1: another holds it. Compared as strings: versions exceed a Lua number's 53 bits.
	 */
	static final RedisScript<Long> PROBE = RedisScript.of("""
			local version = redis.call('HGET', KEYS[2], 'version')
			if version and version ~= ARGV[1] then
			  return 1
			end
			if redis.call('EXISTS', KEYS[1]) == 0 then
			  return 0
			end
			return -1
			""", Long.class);

	/** {@link #PROBE}: a newer pair is stored. */
	static final long NEWER_PAIR = 1;

	/** {@link #PROBE}: nobody holds the lease. */
	static final long LEASE_FREE = 0;

	private LeaseScripts() {
	}

}
