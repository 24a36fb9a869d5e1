package io.github.mcpsessions.servlet;

import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.testing.AdapterContract;
import io.github.mcpsessions.testing.TestMcpServer;
import io.github.mcpsessions.adapter.SessionPersistenceAdapter;

/** The decorated servlet provider, restoring through a synthetic initialize to the SDK's servlet. */
class PersistentProviderContractTest extends AdapterContract {

	@Override
	protected Server start(SessionRepository store) {
		TestMcpServer server = TestMcpServer.builder(store).start();
		return new Server() {

			@Override
			public String url() {
				return server.url();
			}

			@Override
			public SessionPersistenceAdapter adapter() {
				return server.provider();
			}

			@Override
			public void close() {
				server.close();
			}

		};
	}

}
