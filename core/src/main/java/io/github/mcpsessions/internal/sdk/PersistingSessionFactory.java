package io.github.mcpsessions.internal.sdk;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.github.mcpsessions.internal.cache.CachingSessionRepository;
import io.github.mcpsessions.internal.lifecycle.HeldSessions;
import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.internal.lifecycle.SessionLifecycle;
import io.github.mcpsessions.repository.McpSessionRecord;

/**
 * The session factory the decorated SDK provider uses instead of the server's own: it builds every
 * session with the SDK's public constructor and the server's handlers, under an id it chooses.
 * <ul>
 * <li>A new session gets a {@link SessionIds#generate() secure id}; its record is saved when the
 * SDK resolves the initialize result, so before the client sees the response.</li>
 * <li>A restore (announced by the adapter through {@link SessionStart}) rebuilds the stored
 * session under its original id, with its logging level and resource subscriptions.</li>
 * <li>{@code logging/setLevel} and {@code resources/(un)subscribe} are persisted when they
 * succeed.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class PersistingSessionFactory implements McpStreamableServerSession.Factory {

	private static final Logger logger = LoggerFactory.getLogger(PersistingSessionFactory.class);

	private static final String SUBSCRIBE = "resources/subscribe";

	private static final String UNSUBSCRIBE = "resources/unsubscribe";

	private static final String SET_LEVEL = "logging/setLevel";

	private static final McpSchema.Implementation RESTORE_MARKER = new McpSchema.Implementation("mcp-sessions-restore",
			"0");

	private final FactoryParts parts;

	private final SessionLifecycle lifecycle;

	private final McpJsonMapper jsonMapper;

	private final Map<String, McpRequestHandler<?>> requestHandlers;

	private volatile BiConsumer<String, Map<String, String>> stateChanges = (sessionId, changes) -> {
	};

	public PersistingSessionFactory(FactoryParts parts, SessionLifecycle lifecycle, McpJsonMapper jsonMapper) {
		this.parts = Objects.requireNonNull(parts, "parts");
		this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
		HeldSessions.register(lifecycle);
		this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
		this.requestHandlers = persistingHandlers(parts.requestHandlers());
	}

	/** Hears every saved protocol state change (logging level, subscriptions), after it is in the store. */
	public void onStateChange(BiConsumer<String, Map<String, String>> listener) {
		this.stateChanges = Objects.requireNonNull(listener, "listener");
	}

	/**
	 * Tells this process's server that a session subscribed to (or unsubscribed from) a resource
	 * through another replica, so resource updates raised here reach it. The server's own handler
	 * records it; the session need not be held here.
	 */
	public void applySubscription(String sessionId, String uri, boolean subscribed,
			McpStreamableServerSession heldSession) {
		McpRequestHandler<?> handler = this.parts.requestHandlers().get(subscribed ? SUBSCRIBE : UNSUBSCRIBE);
		if (handler == null) {
			return;
		}
		McpStreamableServerSession session = heldSession != null ? heldSession
				: new McpStreamableServerSession(sessionId, null, null, this.parts.requestTimeout(), Map.of(), Map.of(),
						Mono::empty, this.parts.jsonSchemaValidator());
		try {
			handler.handle(new McpAsyncServerExchange(sessionId, session, null, null, McpTransportContext.EMPTY),
					Map.of("uri", uri)).block();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not apply a resource subscription change of session {} made on another replica: {}",
					SessionIds.shortForm(sessionId), ex.toString());
		}
	}

	/** Makes this process's server forget a session it does not hold (its subscriptions). */
	public void forgetSession(String sessionId) {
		this.parts.onClose().apply(sessionId).onErrorComplete().subscribe();
	}

	@Override
	public McpStreamableServerSession.McpStreamableServerSessionInit startSession(
			McpSchema.InitializeRequest initializeRequest) {
		SessionStart start = SessionStart.current();
		if (start != null && start.restoring() != null) {
			return restore(start.restoring());
		}
		String owner = start != null ? start.owner() : null;
		String id = this.lifecycle.newSessionId();
		McpStreamableServerSession session = newSession(id, initializeRequest.capabilities(),
				initializeRequest.clientInfo(), false);
		if (start != null) {
			start.created(id);
		}
		Mono<McpSchema.InitializeResult> initResult = this.parts.initRequestHandler()
			.handle(initializeRequest)
			.flatMap(result -> Mono.fromCallable(() -> {
				try {
					this.lifecycle.create(id, result.protocolVersion(), toJson(initializeRequest.clientInfo()),
							toJson(initializeRequest.capabilities()), owner);
				}
				catch (RuntimeException ex) {
					if (start != null) {
						start.saveFailed(ex);
					}
					throw ex;
				}
				return result;
			}));
		return new McpStreamableServerSession.McpStreamableServerSessionInit(session, initResult);
	}

	private McpStreamableServerSession.McpStreamableServerSessionInit restore(McpSessionRecord record) {
		McpSchema.ClientCapabilities capabilities = fromJson(record.clientCapabilitiesJson(),
				McpSchema.ClientCapabilities.class);
		McpSchema.Implementation clientInfo = fromJson(record.clientInfoJson(), McpSchema.Implementation.class);
		McpStreamableServerSession session = newSession(record.id(), capabilities, clientInfo, true);
		if (record.loggingLevel() != null) {
			session.setMinLoggingLevel(McpSchema.LoggingLevel.valueOf(record.loggingLevel()));
		}
		resubscribe(session, record.resourceSubscriptions(), capabilities, clientInfo);
		// The SDK writes this result to a response nobody reads; the server's own init handler is not run again.
		McpSchema.InitializeResult discarded = new McpSchema.InitializeResult(record.protocolVersion(),
				McpSchema.ServerCapabilities.builder().build(), RESTORE_MARKER, null);
		return new McpStreamableServerSession.McpStreamableServerSessionInit(session, Mono.just(discarded));
	}

	private McpStreamableServerSession newSession(String id, McpSchema.ClientCapabilities capabilities,
			McpSchema.Implementation clientInfo, boolean restored) {
		CachingSessionRepository cache = this.lifecycle.repository();
		Object holding = cache.hold(id, restored);
		Function<String, Mono<Void>> serverCleanup = this.parts.onClose();
		return new McpStreamableServerSession(id, capabilities, clientInfo, this.parts.requestTimeout(),
				this.requestHandlers, this.parts.notificationHandlers(),
				() -> serverCleanup.apply(id).doFinally(signal -> cache.release(id, holding)),
				this.parts.jsonSchemaValidator());
	}

	private void resubscribe(McpStreamableServerSession session, Set<String> uris,
			McpSchema.ClientCapabilities capabilities, McpSchema.Implementation clientInfo) {
		McpRequestHandler<?> subscribe = this.parts.requestHandlers().get(SUBSCRIBE);
		if (uris.isEmpty() || subscribe == null) {
			return;
		}
		McpAsyncServerExchange exchange = new McpAsyncServerExchange(session.getId(), session, capabilities,
				clientInfo, McpTransportContext.EMPTY);
		for (String uri : uris) {
			try {
				subscribe.handle(exchange, Map.of("uri", uri)).block();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not re-subscribe session {} to a resource: {}", SessionIds.shortForm(session.getId()),
						ex.toString());
			}
		}
	}

	private Map<String, McpRequestHandler<?>> persistingHandlers(Map<String, McpRequestHandler<?>> original) {
		Map<String, McpRequestHandler<?>> handlers = new HashMap<>(original);
		handlers.computeIfPresent(SET_LEVEL, (method, handler) -> persisting(handler, params -> Map
			.of(McpSessionRecord.LOGGING_LEVEL_ATTRIBUTE, convert(params, McpSchema.SetLevelRequest.class).level().name())));
		handlers.computeIfPresent(SUBSCRIBE, (method, handler) -> persisting(handler, params -> Map.of(
				McpSessionRecord.SUBSCRIPTION_ATTRIBUTE_PREFIX + convert(params, McpSchema.SubscribeRequest.class).uri(),
				"1")));
		handlers.computeIfPresent(UNSUBSCRIBE, (method, handler) -> persisting(handler, params -> {
			Map<String, String> removal = new HashMap<>();
			removal.put(McpSessionRecord.SUBSCRIPTION_ATTRIBUTE_PREFIX
					+ convert(params, McpSchema.UnsubscribeRequest.class).uri(), null);
			return removal;
		}));
		return Map.copyOf(handlers);
	}

	private <T> McpRequestHandler<T> persisting(McpRequestHandler<T> handler,
			Function<Object, Map<String, String>> changeOf) {
		return (exchange, params) -> handler.handle(exchange, params)
			.flatMap(result -> Mono.fromRunnable(() -> save(exchange.sessionId(), changeOf.apply(params)))
				.subscribeOn(Schedulers.boundedElastic())
				.thenReturn(result));
	}

	private void save(String sessionId, Map<String, String> changes) {
		try {
			this.lifecycle.updateAttributes(sessionId, changes);
			this.stateChanges.accept(sessionId, changes);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not save a protocol state change of session {}: {}", SessionIds.shortForm(sessionId),
					ex.toString());
			throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
				.message("The session store is unavailable, so this change was not saved; retry the request")
				.build();
		}
	}

	private <T> T convert(Object params, Class<T> type) {
		return this.jsonMapper.convertValue(params, type);
	}

	private String toJson(Object value) {
		try {
			return value == null ? null : this.jsonMapper.writeValueAsString(value);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot write client data as JSON", ex);
		}
	}

	private <T> T fromJson(String json, Class<T> type) {
		try {
			return this.jsonMapper.readValue(json, type);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Stored client data is not valid JSON for " + type.getSimpleName(), ex);
		}
	}

}
