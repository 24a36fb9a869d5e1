package io.github.mcpsessions.health;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a part of this replica that depends on an outside store (a database, Redis, the replica
 * message bus) can serve now, and if not, why. Stores, buses and the adapters answer it: a store
 * built while its server is down is not ready until its background start (connecting, creating its
 * schema, subscribing) succeeded, so health endpoints say {@code DOWN} with the reason and MCP
 * requests get 503 with {@code Retry-After}, never a false 404. Immutable.
 *
 * @param ready whether the part can serve
 * @param reason why it cannot, for operators (health pages, logs); {@code null} when ready
 * @since 0.1.0
 */
public record Readiness(boolean ready, String reason) {

	/** Ready to serve. */
	public static final Readiness READY = new Readiness(true, null);

	public Readiness {
		if (!ready && (reason == null || reason.isBlank())) {
			throw new IllegalArgumentException("a part that is not ready must say why");
		}
		if (ready && reason != null) {
			throw new IllegalArgumentException("a ready part has no reason");
		}
	}

	/** Not ready, because of {@code reason} (e.g. {@code "mcp_session: Connection refused"}). */
	public static Readiness notReady(String reason) {
		return new Readiness(false, reason);
	}

	/**
	 * Ready if every part is; else not ready with the reasons of those that are not, each once,
	 * joined by {@code "; "}.
	 */
	public static Readiness allOf(Readiness... parts) {
		Set<String> reasons = null;
		for (Readiness part : parts) {
			if (!part.ready()) {
				if (reasons == null) {
					reasons = new LinkedHashSet<>();
				}
				reasons.addAll(List.of(part.reason().split("; ")));
			}
		}
		return reasons == null ? READY : notReady(String.join("; ", reasons));
	}

}
