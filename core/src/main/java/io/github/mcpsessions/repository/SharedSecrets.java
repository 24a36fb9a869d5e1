package io.github.mcpsessions.repository;

/**
 * Small secrets the replicas of one server share, kept in the session store beside the sessions:
 * whoever can read the sessions can read them, nobody else, and no secret has to be configured on
 * each replica. The replica message bus seals its messages with one.
 *
 * <p>Stores that can keep them return this from {@link SessionRepository#sharedSecrets()}.
 * Thread-safe; safe to call from several replicas at once.
 *
 * @since 0.1.0
 */
public interface SharedSecrets {

	/**
	 * The secret stored under {@code name}; if there is none, stores {@code candidate} first. Atomic
	 * across replicas: every caller gets the same bytes, whichever candidate was stored.
	 * @param name a short ASCII name, such as {@code bus}
	 * @param candidate fresh random bytes to store if the secret does not exist yet
	 * @throws SessionStoreException if the store cannot be reached
	 */
	byte[] getOrCreate(String name, byte[] candidate);

}
