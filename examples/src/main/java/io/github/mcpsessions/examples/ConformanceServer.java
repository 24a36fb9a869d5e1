package io.github.mcpsessions.examples;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;

/**
 * The {@link ConformanceFixtures} on the same hosting and session store as the example: the server
 * {@code conformance/run.sh} drives, alone and as replicas behind a load balancer.
 */
public final class ConformanceServer implements McpApplication {

	public static void main(String[] args) throws InterruptedException {
		ExampleServer.run(args, new ConformanceServer());
	}

	@Override
	public String name() {
		return "mcp-sessions-conformance";
	}

	@Override
	public String describe() {
		return "Fixtures of the MCP conformance suite's server scenarios (tools test_*, test:// resources, test_* prompts).";
	}

	@Override
	public void customize(HttpServletStreamableServerTransportProvider.Builder sdkProvider) {
		sdkProvider.securityValidator(ConformanceFixtures.localhostOnly());
	}

	@Override
	public McpSyncServer build(McpServer.SyncSpecification<?> server, Services services) {
		ConformanceFixtures fixtures = new ConformanceFixtures(services.json());
		return server.capabilities(ConformanceFixtures.capabilities())
			.tools(fixtures.tools())
			.resources(fixtures.resources())
			.resourceTemplates(fixtures.resourceTemplates())
			.prompts(fixtures.prompts())
			.completions(fixtures.completions())
			.build();
	}

}
