/**
 * Redis session repository with native expiry. Not built yet: see issue 4.
 */
package io.github.mcpsessions.redis;
