package io.github.mcpsessions.internal.access;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.internal.jsonrpc.JsonRpcErrors;
import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.internal.lifecycle.SessionLifecycle;
import io.github.mcpsessions.internal.lifecycle.SessionLookup;
import io.github.mcpsessions.internal.replicas.ReplicaRouting;
import io.github.mcpsessions.internal.sdk.SdkBridge;
import io.github.mcpsessions.internal.streams.ResumableStreams;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.repository.SessionsByOwner;
import io.github.mcpsessions.session.SessionRejection;

/**
 * The sessions a request names, as the request flow needs them: found in the cache or the store
 * (and refused when the SDK could not rebuild them), held by the SDK here (restored under the
 * original id, once per process), touched, dropped, and ended (by the client, by expiry, or for
 * an owner), on this replica and, over the bus, on the others.
 */
public final class SessionAccess {

	private static final Logger logger = LoggerFactory.getLogger(SessionAccess.class);

	/** How many sessions of one owner are looked up at a time when they are all ended. */
	private static final int OWNER_BATCH = 500;

	/** How long a DELETE waits for its announcement to come back over the bus before it is answered anyway. */
	private static final Duration END_ANNOUNCEMENT_WAIT = Duration.ofSeconds(1);

	private final SessionLifecycle lifecycle;

	private final SdkBridge sdk;

	private final ReplicaRouting routing;

	private final ResumableStreams streams;

	/**
	 * @param routing the routing between replicas, or {@code null} without a message bus
	 * @param streams the resumable streams, or {@code null} without an event store
	 */
	public SessionAccess(SessionLifecycle lifecycle, SdkBridge sdk, ReplicaRouting routing, ResumableStreams streams) {
		this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
		this.sdk = Objects.requireNonNull(sdk, "sdk");
		this.routing = routing;
		this.streams = streams;
	}

	/**
	 * Looks a session up for a request (see {@link SessionLifecycle#find}); if this process does not
	 * hold it, also checks that the SDK can rebuild it from its record, so a corrupt record is
	 * discarded once and answered as unknown instead of failing in the SDK on every request. A
	 * rejected session is dropped here as the rejection says (expired: on every replica).
	 */
	public SessionLookup find(String id, String owner) {
		SessionLookup lookup = this.lifecycle.find(id, owner);
		if (lookup.isFound()) {
			if (!this.sdk.holds(id)) {
				String problem = this.sdk.restoreProblem(lookup.record());
				if (problem != null) {
					this.sdk.drop(id);
					return this.lifecycle.refuseUnrestorable(id, problem);
				}
			}
			return lookup;
		}
		SessionRejection rejection = lookup.rejection();
		if (rejection == SessionRejection.EXPIRED) {
			this.sdk.drop(id);
			if (this.routing != null) {
				this.routing.sessionEnded(id);
			}
		}
		else if (rejection == SessionRejection.UNKNOWN || rejection == SessionRejection.UNREADABLE_RECORD) {
			// Held here but gone from the store: ended on a replica whose message this one missed.
			this.sdk.drop(id);
		}
		return lookup;
	}

	/**
	 * Makes sure the SDK here holds the session of {@code record}, rebuilding it under its id if
	 * needed, once per process however many requests ask at once.
	 * @return whether the SDK holds it now
	 */
	public boolean hold(McpSessionRecord record) {
		String id = record.id();
		if (this.sdk.holds(id)) {
			return true;
		}
		boolean restoredHere = this.lifecycle.restoreOnce(id, () -> this.sdk.holds(id), () -> this.sdk.restore(record));
		if (!this.sdk.holds(id)) {
			logger.warn("Session {} could not be restored", SessionIds.shortForm(id));
			return false;
		}
		if (restoredHere) {
			this.lifecycle.restored(record);
		}
		return true;
	}

	/** Records a use of the session (throttled by the cache). */
	public void touch(McpSessionRecord record) {
		this.lifecycle.touch(record);
	}

	/** Drops a session from the SDK in this process (its record is gone or was never saved). */
	public void drop(String sessionId) {
		this.sdk.drop(sessionId);
	}

	/** Reports a request refused with 503 because the store failed outside a lookup. */
	public void storeFailed(String sessionId) {
		this.lifecycle.storeFailed(sessionId);
	}

	/** Whether the SDK provider accepts {@code DELETE}; if not, it answers 405 and nothing is deleted. */
	public boolean deletesAllowed() {
		return this.sdk.deletesAllowed();
	}

	/**
	 * Ends a session a client sent {@code DELETE} for, in the store first: its record is deleted and
	 * the other replicas are told (and have heard it, as far as the bus shows within a second, so
	 * the client's next request finds the session gone wherever it lands); only then may the adapter
	 * let the SDK close it here. A store that fails leaves everything as it was (the client gets 503
	 * and sends it again).
	 * @return {@code null} once the record is gone, else the refusal to answer with
	 */
	public JsonRpcErrors.Refusal endByClient(String sessionId) {
		try {
			this.lifecycle.delete(sessionId);
		}
		catch (SessionStoreException ex) {
			logger.warn("Session {} could not be deleted from the store: {}", SessionIds.shortForm(sessionId), ex.toString());
			this.lifecycle.storeFailed(sessionId);
			return JsonRpcErrors.STORE_DOWN;
		}
		catch (RuntimeException ex) {
			logger.error("Deleting session {} failed", SessionIds.shortForm(sessionId), ex);
			return JsonRpcErrors.SESSION_HANDLING_FAILED;
		}
		if (this.routing != null) {
			this.routing.sessionEndedAndHeard(sessionId, END_ANNOUNCEMENT_WAIT);
		}
		forgetStreams(sessionId);
		return null;
	}

	private void forgetStreams(String sessionId) {
		if (this.streams == null) {
			return;
		}
		try {
			this.streams.sessionEnded(sessionId);
		}
		catch (RuntimeException ex) {
			logger.warn("The stream events of ended session {} could not be deleted now; they expire with the event "
					+ "store's retention: {}", SessionIds.shortForm(sessionId), ex.toString());
		}
	}

	/**
	 * Ends every session bound to {@code owner}: each record is deleted, the other replicas are
	 * told, and the SDK here closes the ones it holds.
	 * @return how many sessions were ended
	 * @throws UnsupportedOperationException if the store cannot find sessions by owner
	 * @throws SessionStoreException if the store fails (the sessions ended so far stay ended)
	 */
	public int endSessionsOf(String owner) {
		Objects.requireNonNull(owner, "owner");
		SessionsByOwner byOwner = this.lifecycle.repository()
			.sessionsByOwner()
			.orElseThrow(() -> new UnsupportedOperationException(
					"The session store cannot find sessions by owner (SessionRepository.sessionsByOwner() is empty)"));
		int ended = 0;
		List<String> ids;
		do {
			ids = byOwner.findIdsByOwner(owner, OWNER_BATCH);
			for (String id : ids) {
				this.lifecycle.delete(id);
				if (this.routing != null) {
					this.routing.sessionEnded(id);
				}
				this.sdk.drop(id);
				ended++;
			}
		}
		while (ids.size() == OWNER_BATCH);
		logger.info("Ended {} sessions of one owner", ended);
		return ended;
	}

}
