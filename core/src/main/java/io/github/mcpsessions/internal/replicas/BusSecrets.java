package io.github.mcpsessions.internal.replicas;

import java.security.SecureRandom;
import java.util.function.Supplier;

import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.repository.SharedSecrets;

/** The secret the replicas seal bus frames with: configured, or kept in the session store. */
public final class BusSecrets {

	private static final String NAME = "bus";

	private BusSecrets() {
	}

	/**
	 * The store's bus secret, created by the first replica that asks, read when first needed (not
	 * here), so a replica builds its bus while the store is down. Each call of the supplier reads
	 * the store; callers keep the answer.
	 * @throws IllegalStateException if the store cannot keep secrets
	 */
	public static Supplier<byte[]> fromStore(SessionRepository repository) {
		SharedSecrets secrets = repository.sharedSecrets()
			.orElseThrow(() -> new IllegalStateException("The message bus needs a secret shared by every replica, and "
					+ repository.getClass().getSimpleName() + " cannot keep one: set messageBusSecret"));
		return () -> {
			byte[] candidate = new byte[32];
			new SecureRandom().nextBytes(candidate);
			return secrets.getOrCreate(NAME, candidate);
		};
	}

	/** A configured secret. */
	public static Supplier<byte[]> given(byte[] secret) {
		byte[] copy = secret.clone();
		return () -> copy;
	}

}
