package io.github.mcpsessions.internal.adapter;

import java.time.Duration;

import io.github.mcpsessions.adapter.SessionPersistenceAdapter;
import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.repository.SessionRepository;

/**
 * Not an API. The surface every HTTP adapter shares, written once: each method is that of the
 * adapter's {@link AdapterCore}. An interface, not a class, since the decorated servlet must extend
 * {@code HttpServlet}.
 */
public interface DelegatingAdapter extends SessionPersistenceAdapter {

	/** What the adapter delegates its shared surface to: its {@link AdapterCore}. */
	SessionPersistenceAdapter persistence();

	@Override
	default SessionRepository repository() {
		return persistence().repository();
	}

	@Override
	default int endSessionsOf(String owner) {
		return persistence().endSessionsOf(owner);
	}

	@Override
	default boolean holds(String sessionId) {
		return persistence().holds(sessionId);
	}

	@Override
	default int heldSessionCount() {
		return persistence().heldSessionCount();
	}

	@Override
	default void startDraining() {
		persistence().startDraining();
	}

	@Override
	default void closeListeningStreams() {
		persistence().closeListeningStreams();
	}

	@Override
	default Readiness readiness() {
		return persistence().readiness();
	}

	@Override
	default boolean isDraining() {
		return persistence().isDraining();
	}

	@Override
	default boolean awaitRequestsInFlight(Duration timeout) throws InterruptedException {
		return persistence().awaitRequestsInFlight(timeout);
	}

}
