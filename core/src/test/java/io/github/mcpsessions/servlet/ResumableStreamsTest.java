package io.github.mcpsessions.servlet;

import io.modelcontextprotocol.server.McpServerFeatures;

import io.github.mcpsessions.testing.ResumableStreamsContract;
import io.github.mcpsessions.testing.TestMcpServer;

/** Resumable streams on the decorated servlet provider, on every supported SDK (2.0 to 2.2). */
class ResumableStreamsTest extends ResumableStreamsContract {

	@Override
	protected Server start(Setup setup) {
		TestMcpServer.Builder builder = TestMcpServer.builder(setup.repository())
			.messageBus(setup.bus())
			.resumableStreams(setup.events(), setup.pollingTools());
		for (McpServerFeatures.SyncToolSpecification tool : setup.tools()) {
			builder.tool(tool);
		}
		TestMcpServer server = builder.start();
		return new Server() {

			@Override
			public String url() {
				return server.url();
			}

			@Override
			public int port() {
				return server.port();
			}

			@Override
			public void goSilent() {
				server.provider().core().gracefulStop().stopBackgroundWork();
			}

			@Override
			public void close() {
				server.close();
			}

		};
	}

}
