package io.github.mcpsessions.examples;

import java.util.List;

import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.state.StateHandles;
import io.github.mcpsessions.tasks.DurableTasks;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.server.McpFeature;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;

/**
 * What an MCP server built on the SDK declares (its features), apart from how it is hosted: the
 * example and the conformance server share {@link ExampleServer}'s hosting, store and wiring.
 */
interface McpApplication {

	/** Shown on the console and as the server's name. */
	String name();

	/** Adjusts the SDK's provider builder (endpoint aside), e.g. its Host/Origin validation. */
	default void customize(HttpServletStreamableServerTransportProvider.Builder sdkProvider) {
	}

	/** Tools whose calls are answered in polling mode when streams are resumable (the stream ends after its priming event). */
	default String[] pollingTools() {
		return new String[0];
	}

	/** Adjusts the 2026-07-28 side's transport, e.g. its Host/Origin validation. */
	default void customizeModern(HttpServletMcpTransport.Builder transport) {
	}

	/** Adds the features to the server specification and builds it. */
	McpSyncServer build(McpServer.SyncSpecification<?> server, Services services);

	/**
	 * What the hosting offers tools.
	 * @param sessions the session records (cached), for tools that describe their session
	 * @param restores how often this process restored each session
	 * @param handles state handles, in a store of their own beside the sessions'
	 * @param tasks durable tasks (MCP tasks extension) for 2026-07-28 tools, beside the sessions; {@code null}
	 *        for the plain SDK ({@code --persistence off})
	 */
	record Services(McpJsonMapper json, SessionRepository sessions, RestoreCounter restores, StateHandles handles,
			DurableTasks tasks) {
	}

	/**
	 * The application's MCP 2026-07-28 features, served beside the session era on the same endpoint
	 * (empty: a session-era server only). Called after {@link #build}.
	 */
	/** Tool calls the warm-up makes, tool name to JSON arguments: tools without side effects. */
	default java.util.Map<String, String> warmUpCalls() {
		return java.util.Map.of();
	}

	default List<McpFeature> modernFeatures() {
		return List.of();
	}

	/** A line or two for the console: the tools or scenarios this server offers. */
	String describe();

}
