package io.github.mcpsessions.eras;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.modelcontextprotocol.common.McpTransportContext;

import io.github.mcpsessions.McpSessions;
import io.github.mcpsessions.SessionAttributes;
import io.github.mcpsessions.state.StateHandle;
import io.github.mcpsessions.state.StateHandles;
import io.github.mcpsessions.tasks.RunningTask;

/**
 * What a {@link DualEraFeatures} tool, resource or prompt gets about its call, the same in both MCP eras: who called
 * ({@link #owner()}), state handles and per-user state bound to that caller, the client, and,
 * where the call came in a session (the handshake era), that session, its attributes and whether
 * this process restored it.
 *
 * <p>Handles minted here are bound to the authenticated caller when there is one, in both eras, so
 * a handle minted in a session is the same user's in a 2026-07-28 call. An anonymous caller's
 * handles are bound to its session in the handshake era and to nobody in 2026-07-28 (which has no
 * session: anyone holding the handle can use it).
 *
 * @since 0.1.0
 */
public final class CallContext {

	/** The MCP era a call came in. */
	public enum Era {

		/** Protocol revisions up to 2025-11-25: an {@code initialize} handshake and an {@code Mcp-Session-Id}. */
		SESSION,

		/** Protocol revision 2026-07-28 and later: no handshake, no session. */
		STATELESS

	}

	private final Era era;

	private final String protocolVersion;

	private final String sessionId;

	private final String owner;

	private final String clientName;

	private final String clientVersion;

	private final McpTransportContext transportContext;

	private final StateHandles handles;

	private final RunningTask task;

	CallContext(Era era, String protocolVersion, String sessionId, String owner, String clientName, String clientVersion,
			McpTransportContext transportContext, StateHandles handles, RunningTask task) {
		this.era = era;
		this.protocolVersion = protocolVersion;
		this.sessionId = sessionId;
		this.owner = owner;
		this.clientName = clientName;
		this.clientVersion = clientVersion;
		this.transportContext = transportContext == null ? McpTransportContext.EMPTY : transportContext;
		this.handles = handles;
		this.task = task;
	}

	/** The era the call came in. */
	public Era era() {
		return this.era;
	}

	/** The call's protocol revision, when the era tells it per call (2026-07-28); empty in a session. */
	public Optional<String> protocolVersion() {
		return Optional.ofNullable(this.protocolVersion);
	}

	/** The session the call came in; empty in 2026-07-28. */
	public Optional<String> sessionId() {
		return Optional.ofNullable(this.sessionId);
	}

	/**
	 * The session's durable attributes; empty in 2026-07-28, which has no session (keep state there
	 * in a handle or in {@link #userState()}).
	 */
	public Optional<SessionAttributes> sessionAttributes() {
		return sessionId().map(McpSessions::attributes);
	}

	/** Whether this process rebuilt the call's session from the store; {@code false} without a session. */
	public boolean isRestored() {
		return this.sessionId != null && McpSessions.isRestored(this.sessionId);
	}

	/** The authenticated caller (what the {@code ownerResolver} returned); empty when anonymous. */
	public Optional<String> owner() {
		return Optional.ofNullable(this.owner);
	}

	/** The client's name from its {@code initialize} or its 2026-07-28 request; empty if it gave none. */
	public Optional<String> clientName() {
		return Optional.ofNullable(this.clientName);
	}

	/** The client's version, as {@link #clientName()}. */
	public Optional<String> clientVersion() {
		return Optional.ofNullable(this.clientVersion);
	}

	/** The SDK's transport context of the call (what its context extractor put there). */
	public McpTransportContext transportContext() {
		return this.transportContext;
	}

	/**
	 * The call as a task, when it is one of a task-supporting tool on the 2026-07-28 side
	 * ({@link DualEraFeatures.Builder#tasks}): whether it was cancelled, and its status message.
	 * Empty otherwise.
	 */
	public Optional<RunningTask> task() {
		return Optional.ofNullable(this.task);
	}

	/** Mints an empty handle of {@code kind}, bound to the caller. */
	public StateHandle mint(String kind) {
		return mint(kind, Map.of());
	}

	/** Mints a handle of {@code kind} holding {@code initialState}, bound to the caller. */
	public StateHandle mint(String kind, Map<String, String> initialState) {
		return handles().mint(handleOwner(), kind, initialState);
	}

	/**
	 * The state of a handle the model passed back, if it is a live handle of {@code kind} bound to
	 * the caller; answer an empty one with {@link StateHandles#unknown}.
	 */
	public Optional<StateHandle> resolve(String kind, Object handle) {
		return handles().resolve(handleOwner(), kind, handle);
	}

	/** The authenticated caller's own state bucket; empty for an anonymous caller. */
	public Optional<StateHandle> userState() {
		return handles().userStateOf(this.owner);
	}

	private String handleOwner() {
		if (this.owner != null) {
			return "user:" + this.owner;
		}
		return this.sessionId != null ? "session:" + this.sessionId : null;
	}

	private StateHandles handles() {
		return Objects.requireNonNull(this.handles,
				"No state handles were given to DualEraFeatures.builder(...).stateHandles(...)");
	}

}
