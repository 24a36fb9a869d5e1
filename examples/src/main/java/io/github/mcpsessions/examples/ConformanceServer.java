package io.github.mcpsessions.examples;

import java.util.List;

import io.modelcontextprotocol.modern.server.McpFeature;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;

/**
 * The {@link ConformanceFixtures} (session era) and {@link ModernConformanceFixtures} (2026-07-28) on one endpoint, on the same hosting and session store as the example: the server
 * {@code conformance/run.sh} drives, alone and as replicas behind a load balancer.
 */
public final class ConformanceServer implements McpApplication {

	private ModernConformanceFixtures modern;

	public static void main(String[] args) throws InterruptedException {
		ExampleServer.run(args, new ConformanceServer());
	}

	@Override
	public java.util.Map<String, String> warmUpCalls() {
		return java.util.Map.of("test_simple_text", "{}");
	}

	@Override
	public String name() {
		return "mcp-sessions-conformance";
	}

	@Override
	public String describe() {
		return "Fixtures of the MCP conformance suite's server scenarios (tools test_*, test:// resources, test_* prompts),"
				+ " for MCP 2025-11-25 sessions and for 2026-07-28.";
	}

	@Override
	public void customize(HttpServletStreamableServerTransportProvider.Builder sdkProvider) {
		sdkProvider.securityValidator(ConformanceFixtures.localhostOnly());
	}

	@Override
	public String[] pollingTools() {
		return new String[] { "test_reconnection" };
	}

	@Override
	public void customizeModern(HttpServletMcpTransport.Builder transport) {
		transport.httpHeaderValidator(ModernConformanceFixtures.localhostOnly());
	}

	@Override
	public List<McpFeature> modernFeatures() {
		return this.modern.features();
	}

	@Override
	public McpSyncServer build(McpServer.SyncSpecification<?> server, Services services) {
		this.modern = new ModernConformanceFixtures(services.json(), services.tasks());
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
