/**
 * Health of the session store at a cost that does not grow with the number of sessions: a bounded
 * reachability probe for health endpoints, and the number of stored sessions counted off the
 * request path.
 */
package io.github.mcpsessions.health;
