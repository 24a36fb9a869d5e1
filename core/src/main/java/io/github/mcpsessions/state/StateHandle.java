package io.github.mcpsessions.state;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.github.mcpsessions.SessionAttributes;
import io.github.mcpsessions.internal.cache.CachingSessionRepository;
import io.github.mcpsessions.repository.McpSessionRecord;

/**
 * One piece of server-held state a tool found by its handle: string values under string keys, each
 * key written on its own, so two replicas changing different keys of one handle lose neither. Reads
 * and writes go to the store; obtain instances from {@link StateHandles}.
 *
 * @since 0.1.0
 */
public final class StateHandle {

	private final String id;

	private final String kind;

	private final Instant expiresAt;

	private final CachingSessionRepository cache;

	/** Reads go to the store behind {@code cache}, so they see other replicas' writes; writes go through it. */
	StateHandle(String id, String kind, Instant expiresAt, CachingSessionRepository cache) {
		this.id = id;
		this.kind = kind;
		this.expiresAt = expiresAt;
		this.cache = cache;
	}

	/** The handle the model passes back, e.g. {@code cart_3fQ...}. */
	public String id() {
		return this.id;
	}

	/** The kind it was minted with, e.g. {@code cart}. */
	public String kind() {
		return this.kind;
	}

	/** When the handle expires unless it is used again (as of when it was resolved). */
	public Instant expiresAt() {
		return this.expiresAt;
	}

	/** The value under {@code key}, as stored now. */
	public Optional<String> get(String key) {
		return Optional.ofNullable(asMap().get(key));
	}

	/** Every key and value, as stored now. */
	public Map<String, String> asMap() {
		return this.cache.delegate().findById(this.id).map(McpSessionRecord::userAttributes).orElse(Map.of());
	}

	/** Sets one key; stored before this returns. */
	public void put(String key, String value) {
		SessionAttributes.checkEntry(key, value);
		write(Map.of(key, value));
	}

	/** Removes one key. */
	public void remove(String key) {
		SessionAttributes.checkName(key);
		Map<String, String> removal = new HashMap<>();
		removal.put(key, null);
		write(removal);
	}

	/** Ends the handle: it resolves for nobody from now on. */
	public void delete() {
		this.cache.deleteById(this.id);
	}

	private void write(Map<String, String> changes) {
		if (!this.cache.updateAttributes(this.id, changes)) {
			throw new IllegalStateException("The " + this.kind + " handle no longer exists (deleted or expired)");
		}
	}

	@Override
	public String toString() {
		return "StateHandle[" + this.kind + ", " + this.id.substring(0, Math.min(this.id.length(), this.kind.length() + 9)) + "…]";
	}

}
