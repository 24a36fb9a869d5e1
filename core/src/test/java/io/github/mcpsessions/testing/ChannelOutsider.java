package io.github.mcpsessions.testing;

import java.util.List;

/**
 * Someone who can reach the replicas' message channel but not the session store: a database role
 * without rights on the session table, a Redis user with only pub/sub rights.
 */
public interface ChannelOutsider extends AutoCloseable {

	/** Everything heard on the channel so far, raw. */
	List<String> heard();

	/** Sends raw text on the channel, as the bus's own transport would carry it. */
	void send(String raw);

	/** Whether this outsider can read the stored sessions (it must not, for the test to mean anything). */
	boolean canReadSessions();

	@Override
	void close();

}
