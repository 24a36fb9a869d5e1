package io.github.mcpsessions.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * A Lua script on one key, run atomically by Redis: by its digest ({@code EVALSHA}), sent whole
 * only when the server does not have it yet (after a restart or fail-over). One key per call keeps
 * it Redis Cluster safe.
 */
final class RedisScript {

	/**
	 * Replaces the whole hash and sets its expiry. ARGV: expires-at millis, then field/value pairs,
	 * set 500 pairs per {@code HSET} (one call for a usual record, within Lua's unpack limit for any).
	 */
	static final RedisScript SAVE = new RedisScript("""
			redis.call('DEL', KEYS[1])
			for i = 2, #ARGV, 1000 do
			  redis.call('HSET', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
			end
			redis.call('PEXPIREAT', KEYS[1], ARGV[1])
			return 1""");

	/** Moves last-accessed and expiry of an existing hash. ARGV: last-accessed millis, expires-at millis. */
	static final RedisScript TOUCH = new RedisScript("""
			if redis.call('EXISTS', KEYS[1]) == 0 then
			  return 0
			end
			redis.call('HSET', KEYS[1], 'lastAccessedAt', ARGV[1], 'expiresAt', ARGV[2])
			redis.call('PEXPIREAT', KEYS[1], ARGV[2])
			return 1""");

	/** Sets and removes fields of an existing hash. ARGV: 's', field, value or 'd', field, repeated. */
	static final RedisScript UPDATE_FIELDS = new RedisScript("""
			if redis.call('EXISTS', KEYS[1]) == 0 then
			  return 0
			end
			local i = 1
			while i <= #ARGV do
			  if ARGV[i] == 's' then
			    redis.call('HSET', KEYS[1], ARGV[i + 1], ARGV[i + 2])
			    i = i + 3
			  else
			    redis.call('HDEL', KEYS[1], ARGV[i + 1])
			    i = i + 2
			  end
			end
			return 1""");

	/** Writes a new hash and its expiry unless the key exists. ARGV: expires-at millis, then field/value pairs. */
	static final RedisScript CREATE = new RedisScript("""
			if redis.call('EXISTS', KEYS[1]) == 1 then
			  return 0
			end
			for i = 2, #ARGV, 1000 do
			  redis.call('HSET', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
			end
			redis.call('PEXPIREAT', KEYS[1], ARGV[1])
			return 1""");

	/**
	 * Replaces the whole hash if its {@code version} field is the expected one. ARGV: expires-at
	 * millis, expected version, then field/value pairs.
	 */
	static final RedisScript REPLACE_IF_VERSION = new RedisScript("""
			if redis.call('HGET', KEYS[1], 'version') ~= ARGV[2] then
			  return 0
			end
			redis.call('DEL', KEYS[1])
			for i = 3, #ARGV, 1000 do
			  redis.call('HSET', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
			end
			redis.call('PEXPIREAT', KEYS[1], ARGV[1])
			return 1""");

	private final String source;

	private final String digest;

	private RedisScript(String source) {
		this.source = source;
		this.digest = sha1(source);
	}

	/** Runs the script on {@code key}; returns its integer result. */
	long run(RedisClusterCommands<String, String> commands, String key, String... arguments) {
		String[] keys = { key };
		try {
			return commands.evalsha(this.digest, ScriptOutputType.INTEGER, keys, arguments);
		}
		catch (RedisNoScriptException ex) {
			return commands.eval(this.source, ScriptOutputType.INTEGER, keys, arguments);
		}
	}

	private static String sha1(String source) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is required by every Java platform", ex);
		}
	}

}
