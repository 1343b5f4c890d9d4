package com.marketiger3d.auth.redis;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of {@link RedisTokenStore}: each write compares and writes in one
 * script, so it is atomic.
 */
final class TokenStoreScripts {

	/*
	 * Versions are compared as strings: Lua numbers are doubles, exact only up to 2^53,
	 * and a version carries a 31-bit lineage id above its 32-bit counter. The lineage key
	 * holds the version and refresh-token digest of the last pair written: after the pair
	 * key is lost, it shows which copy was the last one.
	 */

	/**
	 * KEYS: pair, lineage; ARGV: expected version, new version, value, key id, lineage,
	 * time to live in milliseconds.
	 */
	static final RedisScript<Long> COMPARE_AND_SET = RedisScript.of("""
			if (redis.call('HGET', KEYS[1], 'version') or '0') ~= ARGV[1] then
			  return 0
			end
			redis.call('HSET', KEYS[1], 'version', ARGV[2], 'pair', ARGV[3], 'key-id', ARGV[4])
			redis.call('PEXPIRE', KEYS[1], ARGV[6])
			redis.call('SET', KEYS[2], ARGV[5], 'PX', ARGV[6])
			return 1
			""", Long.class);

	/**
	 * KEYS: pair, lineage, seeded; ARGV: new version, value, key id, lineage, digest of
	 * the configured tokens, time to live. The seeded key has no expiry: it outlives
	 * every pair.
	 */
	static final RedisScript<Long> SEED = RedisScript.of("""
			if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('GET', KEYS[3]) == ARGV[5] then
			  return 0
			end
			redis.call('HSET', KEYS[1], 'version', ARGV[1], 'pair', ARGV[2], 'key-id', ARGV[3])
			redis.call('PEXPIRE', KEYS[1], ARGV[6])
			redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[6])
			redis.call('SET', KEYS[3], ARGV[5])
			return 1
			""", Long.class);

	/**
	 * KEYS: pair, lineage; ARGV: version, value, key id, lineage of the copy, time to
	 * live.
	 */
	static final RedisScript<Long> RESTORE = RedisScript.of("""
			if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('GET', KEYS[2]) ~= ARGV[4] then
			  return 0
			end
			redis.call('HSET', KEYS[1], 'version', ARGV[1], 'pair', ARGV[2], 'key-id', ARGV[3])
			redis.call('PEXPIRE', KEYS[1], ARGV[5])
			return 1
			""", Long.class);

	private TokenStoreScripts() {
	}

}
