package io.github.mcpsessions.internal.sdk;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpNotificationHandler;
import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import reactor.core.publisher.Mono;

/**
 * What the SDK's server puts into its session factory: everything needed to build a session object
 * under an id of our choosing.
 *
 * @param requestTimeout timeout of server-to-client requests
 * @param initRequestHandler answers {@code initialize}
 * @param requestHandlers the server's request handlers by method
 * @param notificationHandlers the server's notification handlers by method
 * @param onClose per-session clean-up in the server (resource subscriptions), by session id
 * @param jsonSchemaValidator validator for elicitation schemas, may be {@code null}
 * @since 0.1.0
 */
public record FactoryParts(Duration requestTimeout, McpStreamableServerSession.InitRequestHandler initRequestHandler,
		Map<String, McpRequestHandler<?>> requestHandlers, Map<String, McpNotificationHandler> notificationHandlers,
		Function<String, Mono<Void>> onClose, JsonSchemaValidator jsonSchemaValidator) {
}
