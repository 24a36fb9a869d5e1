package io.github.mcpsessions.servlet;

import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.testing.AdapterContract;
import io.github.mcpsessions.testing.FilteredMcpServer;

/**
 * The filter in front of a servlet that serves an SDK provider unchanged, as a framework's servlet
 * would: restores straight through the session factory, and answers as every adapter does.
 */
class PersistentSessionsFilterTest extends AdapterContract {

	@Override
	protected Server start(SessionRepository store) {
		return new FilteredMcpServer(store);
	}

}
