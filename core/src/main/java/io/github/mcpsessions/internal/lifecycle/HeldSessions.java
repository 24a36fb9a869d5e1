package io.github.mcpsessions.internal.lifecycle;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

import io.github.mcpsessions.internal.cache.CachingSessionRepository;

/**
 * The sessions held by every decorated provider in this JVM: how
 * {@link io.github.mcpsessions.McpSessions} finds a tool call's session from the id the SDK's
 * exchange gives it. Each provider's cache keeps its held sessions
 * ({@link CachingSessionRepository#hold}); this registry only knows the providers' lifecycles, so
 * a held session costs no entry of its own here.
 *
 * <p>If two providers in one JVM hold the same session at once (a test standing in for two
 * replicas), the one that took it last answers.
 *
 * @since 0.1.0
 */
public final class HeldSessions {

	private static final Set<SessionLifecycle> LIFECYCLES = Collections.newSetFromMap(new WeakHashMap<>());

	private HeldSessions() {
	}

	/** Makes the sessions {@code lifecycle}'s cache holds findable here, for as long as the lifecycle lives. */
	public static void register(SessionLifecycle lifecycle) {
		synchronized (LIFECYCLES) {
			LIFECYCLES.add(lifecycle);
		}
	}

	/** The session with this id held in this JVM, or {@code null}. */
	public static HeldSession get(String id) {
		if (id == null) {
			return null;
		}
		CachingSessionRepository.Holding latest = null;
		SessionLifecycle holder = null;
		synchronized (LIFECYCLES) {
			for (SessionLifecycle lifecycle : LIFECYCLES) {
				CachingSessionRepository.Holding holding = lifecycle.repository().latestHolding(id, latest);
				if (holding != latest) {
					latest = holding;
					holder = lifecycle;
				}
			}
		}
		return latest == null ? null : new HeldSession(id, latest.restored(), holder);
	}

}
