package io.github.mcpsessions.internal.replicas;

import java.security.SecureRandom;

import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.repository.SharedSecrets;

/** The secret the replicas seal bus frames with, kept in the session store. */
public final class BusSecrets {

	private static final String NAME = "bus";

	private BusSecrets() {
	}

	/**
	 * The store's bus secret, created by the first replica that asks.
	 * @throws IllegalStateException if the store cannot keep secrets
	 */
	public static byte[] fromStore(SessionRepository repository) {
		SharedSecrets secrets = repository.sharedSecrets()
			.orElseThrow(() -> new IllegalStateException("The message bus needs a secret shared by every replica, and "
					+ repository.getClass().getSimpleName() + " cannot keep one: set messageBusSecret"));
		byte[] candidate = new byte[32];
		new SecureRandom().nextBytes(candidate);
		return secrets.getOrCreate(NAME, candidate);
	}

}
