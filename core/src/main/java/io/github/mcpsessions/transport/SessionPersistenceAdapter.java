package io.github.mcpsessions.transport;

import io.github.mcpsessions.internal.session.SessionLifecycle;

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

	/**
	 * Starts a graceful stop: {@link #isDraining()} turns true, so health checks answer 503 and load
	 * balancers stop routing here, and each response asks the client to close its connection; every
	 * request that still arrives is served as usual. Then the host stops accepting connections,
	 * waits with {@link #awaitRequestsInFlight}, and closes the server.
	 */
	void startDraining();

	/** Whether a graceful stop has begun: health checks should answer 503 (not ready). */
	boolean isDraining();

	/**
	 * Waits until the requests being served have finished (their responses complete, SSE answers
	 * included; listening streams are not waited for), at most {@code timeout}.
	 * @return whether they all finished in time
	 */
	boolean awaitRequestsInFlight(java.time.Duration timeout) throws InterruptedException;

}
