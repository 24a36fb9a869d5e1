/**
 * Session repository on Redis through Lettuce, with Redis's own key expiry. Start at
 * {@link io.github.mcpsessions.redis.RedisSessionRepository}.
 */
package io.github.mcpsessions.redis;
