package io.github.mcpsessions.transport;

import io.github.mcpsessions.session.SessionLifecycle;

/**
 * What every HTTP adapter shows of its sessions (the decorated servlet, the servlet filter, the
 * WebFlux filter), so that metrics and health checks work the same over any of them.
 *
 * @since 0.1.0
 */
public interface SessionPersistenceAdapter {

	/** The session logic behind this adapter (cache and store included). */
	SessionLifecycle lifecycle();

	/** Whether the SDK in this process holds the session now. */
	boolean holds(String sessionId);

	/** How many sessions the SDK in this process holds now. */
	int heldSessionCount();

}
