package io.github.mcpsessions.adapter;

import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.repository.SessionRepository;

/**
 * What every HTTP adapter shows of its sessions (the decorated servlet, the servlet filter, the
 * WebFlux filter), so that metrics and health checks work the same over any of them.
 *
 * @since 0.1.0
 */
public interface SessionPersistenceAdapter {

	/**
	 * The store behind this adapter with this process's cache in front: what an application reads
	 * or writes through it (per-user state, an admin view) is what the adapter sees, with no stale
	 * cached copy left behind.
	 */
	SessionRepository repository();

	/**
	 * Ends every session bound to {@code owner} (see the builders' {@code ownerResolver}), on every
	 * replica: for a user who logged out, lost access or whose credentials leaked. Each record is
	 * deleted and the other replicas are told over the message bus, so the user's clients get 404
	 * on their next request wherever it lands. Blocks on the store.
	 * @param owner the owner, as the owner resolver names it
	 * @return how many sessions were ended
	 * @throws UnsupportedOperationException if the store cannot find sessions by owner
	 *         ({@link io.github.mcpsessions.repository.SessionRepository#sessionsByOwner()})
	 * @throws io.github.mcpsessions.repository.SessionStoreException if the store fails; the
	 *         sessions ended so far stay ended and a retry ends the rest
	 */
	int endSessionsOf(String owner);

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

	/**
	 * Ends the clients' listening (GET) streams held here; their sessions and calls in flight go on,
	 * and each client opens its stream again. Step 2 of a graceful stop, once load balancers have
	 * stopped routing here (after the drain period), so the streams reopen on another replica: a
	 * listening stream never ends by itself, and a host that waits for open requests before it stops
	 * (Spring's graceful shutdown) would otherwise wait its whole timeout.
	 */
	void closeListeningStreams();

	/**
	 * Whether this replica can serve MCP requests: its store, event store and message bus have
	 * started (reached their servers, created their schemas if asked, subscribed) and the bus has
	 * not been lost for long. While not, MCP requests are answered 503 with {@code Retry-After} and
	 * health checks should say {@code DOWN} with the reason (a load balancer then routes elsewhere).
	 * Cheap: no call to any server.
	 */
	Readiness readiness();

	/** Whether a graceful stop has begun: health checks should answer 503 (not ready). */
	boolean isDraining();

	/**
	 * Waits until the requests being served have finished (their responses complete, SSE answers
	 * included; listening streams are not waited for), at most {@code timeout}.
	 * @return whether they all finished in time
	 */
	boolean awaitRequestsInFlight(java.time.Duration timeout) throws InterruptedException;

}
