package io.github.mcpsessions.internal.sdk;

import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionStoreException;

/**
 * What a transport adapter tells the session factory about the {@code initialize} it is passing to
 * the SDK: who the owner is, or which stored session to rebuild instead of creating one. Bound to
 * the request thread around the SDK's synchronous {@code initialize} handling, so nothing a
 * client sends can ask for a restore. The factory reports back the id it made or a store failure.
 *
 * @since 0.1.0
 */
public final class SessionStart {

	private static final ThreadLocal<SessionStart> CURRENT = new ThreadLocal<>();

	private final String owner;

	private final McpSessionRecord restoring;

	private volatile String createdId;

	private volatile RuntimeException saveFailure;

	private SessionStart(String owner, McpSessionRecord restoring) {
		this.owner = owner;
		this.restoring = restoring;
	}

	/** A new session for {@code owner} ({@code null} if unbound). */
	public static SessionStart newSession(String owner) {
		return new SessionStart(owner, null);
	}

	/** A rebuild of the stored session {@code record} under its own id. */
	public static SessionStart restore(McpSessionRecord record) {
		return new SessionStart(record.owner(), record);
	}

	/** Binds this start to the current thread until the returned scope is closed. */
	public Scope bind() {
		SessionStart previous = CURRENT.get();
		CURRENT.set(this);
		return () -> {
			if (previous == null) {
				CURRENT.remove();
			}
			else {
				CURRENT.set(previous);
			}
		};
	}

	static SessionStart current() {
		return CURRENT.get();
	}

	String owner() {
		return this.owner;
	}

	McpSessionRecord restoring() {
		return this.restoring;
	}

	void created(String id) {
		this.createdId = id;
	}

	void saveFailed(RuntimeException failure) {
		this.saveFailure = failure;
	}

	/** The id of the session the factory made, or {@code null} if it made none. */
	public String createdId() {
		return this.createdId;
	}

	/** Why the new session's record could not be saved, or {@code null} if it was (or none was made). */
	public RuntimeException saveFailure() {
		return this.saveFailure;
	}

	/** The save failure if the store could not be reached (answered 503), else {@code null}. */
	public SessionStoreException storeFailure() {
		return this.saveFailure instanceof SessionStoreException store ? store : null;
	}

	/** Unbinds a {@link SessionStart} from the thread. */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
