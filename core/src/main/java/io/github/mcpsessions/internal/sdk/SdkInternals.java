package io.github.mcpsessions.internal.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpNotificationHandler;
import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.spec.DefaultMcpStreamableServerSessionFactory;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProviderBase;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import io.github.mcpsessions.IncompatibleSdkException;

/**
 * The one place that touches the MCP Java SDK's non-public parts, because the SDK offers no public
 * way to create a session under a chosen id:
 * <ol>
 * <li>the fields of {@link DefaultMcpStreamableServerSessionFactory} (the server's handlers),
 * read once when the server hands its factory to the provider;</li>
 * <li>a transport provider's private map of live sessions, read (never written) to learn
 * whether this process holds a session.</li>
 * </ol>
 * Both are checked when a decorator is built; an SDK without them fails start-up with an
 * {@link IncompatibleSdkException} naming the version found.
 *
 * @since 0.1.0
 */
public final class SdkInternals {

	/** The SDK versions this library is built and tested against. */
	public static final String SUPPORTED_SDK_VERSIONS = "2.0.x to 2.2.x";

	private static final Logger logger = LoggerFactory.getLogger(SdkInternals.class);

	private static final String[] FACTORY_FIELDS = { "requestTimeout", "initRequestHandler", "requestHandlers",
			"notificationHandlers", "onClose", "jsonSchemaValidator" };

	private SdkInternals() {
	}

	/**
	 * Checks that the SDK's session factory has the fields this library reads.
	 * @throws IncompatibleSdkException if it does not
	 */
	public static void verifyFactoryShape() {
		verifyFactoryShape(DefaultMcpStreamableServerSessionFactory.class);
		String version = sdkVersion();
		if (!isTestedVersion(version)) {
			logger.warn("MCP Java SDK {} has the internals mcp-sessions needs but was not tested; tested: {}", version,
					SUPPORTED_SDK_VERSIONS);
		}
	}

	static boolean isTestedVersion(String version) {
		return version.startsWith("2.0.") || version.startsWith("2.1.") || version.startsWith("2.2.");
	}

	static void verifyFactoryShape(Class<?> factoryClass) {
		for (String name : FACTORY_FIELDS) {
			field(factoryClass, name);
		}
	}

	/**
	 * Reads what the server put into its session factory.
	 * @throws IncompatibleSdkException if the factory is not the SDK's default one or lacks a field
	 */
	@SuppressWarnings("unchecked")
	public static FactoryParts readFactory(McpStreamableServerSession.Factory factory) {
		if (!(factory instanceof DefaultMcpStreamableServerSessionFactory)) {
			throw incompatible("the server's session factory is a " + factory.getClass().getName()
					+ ", not the SDK's DefaultMcpStreamableServerSessionFactory", null);
		}
		Class<?> type = DefaultMcpStreamableServerSessionFactory.class;
		return new FactoryParts((Duration) read(type, "requestTimeout", factory),
				(McpStreamableServerSession.InitRequestHandler) read(type, "initRequestHandler", factory),
				(Map<String, McpRequestHandler<?>>) read(type, "requestHandlers", factory),
				(Map<String, McpNotificationHandler>) read(type, "notificationHandlers", factory),
				(Function<String, Mono<Void>>) read(type, "onClose", factory),
				(JsonSchemaValidator) read(type, "jsonSchemaValidator", factory));
	}

	/**
	 * The session factory a transport provider was given (by {@code McpServer}): its one field of type
	 * {@link McpStreamableServerSession.Factory}, read for adapters that wrap the factory after the
	 * server was built.
	 * @throws IncompatibleSdkException if the provider has no such field or it is still empty
	 */
	public static McpStreamableServerSession.Factory sessionFactoryOf(Object provider) {
		for (Class<?> type = provider.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				if (field.getType() == McpStreamableServerSession.Factory.class) {
					try {
						field.setAccessible(true);
						Object factory = field.get(provider);
						if (factory == null) {
							throw incompatible(provider.getClass().getName()
									+ " has no session factory yet: build the McpServer over it first", null);
						}
						return (McpStreamableServerSession.Factory) factory;
					}
					catch (IllegalAccessException | RuntimeException ex) {
						if (ex instanceof IncompatibleSdkException incompatible) {
							throw incompatible;
						}
						throw incompatible("cannot read the session factory of " + provider.getClass().getName(), ex);
					}
				}
			}
		}
		throw incompatible(provider.getClass().getName() + " has no session factory field", null);
	}

	/**
	 * The live-session map of a transport provider: its one field holding a {@code Map} from id to
	 * {@link McpStreamableServerSession}. {@link SdkSessionMap} is its only user.
	 * @throws IncompatibleSdkException if the provider has no such field
	 */
	@SuppressWarnings("unchecked")
	public static Map<String, McpStreamableServerSession> liveSessions(Object provider) {
		for (Class<?> type = provider.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				if (isSessionMap(field)) {
					try {
						field.setAccessible(true);
						return (Map<String, McpStreamableServerSession>) field.get(provider);
					}
					catch (ReflectiveOperationException | RuntimeException ex) {
						throw incompatible("cannot read the session map of " + provider.getClass().getName(), ex);
					}
				}
			}
		}
		throw incompatible(provider.getClass().getName() + " has no map of live sessions", null);
	}

	/**
	 * The field of {@link McpStreamableServerSession} holding the server-to-client requests that
	 * wait for the client's answer, keyed by request id: {@code pendingRequests} in 2.1,
	 * {@code requestIdToStream} in 2.0.
	 */
	private static final Field PENDING_REQUESTS = pendingRequestsField();

	private static Field pendingRequestsField() {
		for (String name : new String[] { "pendingRequests", "requestIdToStream" }) {
			try {
				Field field = McpStreamableServerSession.class.getDeclaredField(name);
				if (Map.class.isAssignableFrom(field.getType())) {
					field.setAccessible(true);
					return field;
				}
			}
			catch (NoSuchFieldException | RuntimeException ex) {
				// try the next name
			}
		}
		return null;
	}

	/**
	 * Whether {@code session} sent a request with this id to its client and waits for the answer,
	 * so the answer must be handled here and not by another replica. Only reads.
	 * @throws IncompatibleSdkException if the SDK keeps its pending requests elsewhere
	 */
	public static boolean awaitsResponse(McpStreamableServerSession session, Object requestId) {
		if (PENDING_REQUESTS == null) {
			throw incompatible("McpStreamableServerSession has no map of pending requests", null);
		}
		try {
			Map<?, ?> pending = (Map<?, ?>) PENDING_REQUESTS.get(session);
			return pending.containsKey(requestId) || pending.containsKey(String.valueOf(requestId));
		}
		catch (IllegalAccessException ex) {
			throw incompatible("cannot read the pending requests of a session", ex);
		}
	}

	private static final java.lang.reflect.Method HAS_OPEN_STREAM = publicMethod("hasOpenStream");

	/**
	 * Whether {@code session} has a response stream still open (SDK 2.1 and later; 2.0 cannot tell,
	 * and this answers {@code false}).
	 */
	public static boolean hasOpenStream(McpStreamableServerSession session) {
		if (HAS_OPEN_STREAM == null) {
			return false;
		}
		try {
			return (Boolean) HAS_OPEN_STREAM.invoke(session);
		}
		catch (ReflectiveOperationException ex) {
			return false;
		}
	}

	private static final java.lang.reflect.Method HAS_LISTENING_STREAM = publicMethod("hasListeningStream");

	private static final Field LISTENING_STREAM = optionalField("listeningStreamRef");

	/** Whether the client of {@code session} has its listening (GET) stream open to this process. */
	public static boolean hasListeningStream(McpStreamableServerSession session) {
		try {
			if (HAS_LISTENING_STREAM != null) {
				return (Boolean) HAS_LISTENING_STREAM.invoke(session);
			}
			if (LISTENING_STREAM != null) {
				Object stream = ((java.util.concurrent.atomic.AtomicReference<?>) LISTENING_STREAM.get(session)).get();
				return stream instanceof McpStreamableServerSession.McpStreamableServerSessionStream;
			}
		}
		catch (ReflectiveOperationException ex) {
			// treated as no stream
		}
		return false;
	}

	/** Ends the client's listening (GET) stream of {@code session} here, if it has one; its other streams go on. */
	public static void closeListeningStream(McpStreamableServerSession session) {
		if (LISTENING_STREAM == null) {
			return;
		}
		try {
			Object stream = ((java.util.concurrent.atomic.AtomicReference<?>) LISTENING_STREAM.get(session)).get();
			if (stream instanceof McpStreamableServerSession.McpStreamableServerSessionStream listening) {
				listening.close();
			}
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.debug("Could not end a listening stream: {}", ex.toString());
		}
	}

	private static final Field SERVER_TRANSPORT = optionalField(McpAsyncServer.class, "mcpTransportProvider");

	/**
	 * The transport provider {@code server} was built over.
	 * @throws io.github.mcpsessions.IncompatibleSdkException if the server has no such field
	 */
	public static McpServerTransportProviderBase transportOf(McpAsyncServer server) {
		try {
			return (McpServerTransportProviderBase) serverTransport().get(server);
		}
		catch (IllegalAccessException ex) {
			throw incompatible("McpAsyncServer.mcpTransportProvider cannot be read", ex);
		}
	}

	/**
	 * Puts {@code transport} in place of the transport provider {@code server} was built over, so the
	 * notifications the server raises go through it.
	 * @throws io.github.mcpsessions.IncompatibleSdkException if the server has no such field
	 */
	public static void replaceTransport(McpAsyncServer server, McpServerTransportProviderBase transport) {
		try {
			serverTransport().set(server, transport);
		}
		catch (IllegalAccessException ex) {
			throw incompatible("McpAsyncServer.mcpTransportProvider cannot be set", ex);
		}
	}

	private static Field serverTransport() {
		if (SERVER_TRANSPORT == null) {
			throw incompatible("McpAsyncServer has no field mcpTransportProvider", null);
		}
		return SERVER_TRANSPORT;
	}

	private static Field optionalField(Class<?> type, String name) {
		try {
			Field field = type.getDeclaredField(name);
			field.setAccessible(true);
			return field;
		}
		catch (NoSuchFieldException | RuntimeException ex) {
			return null;
		}
	}

	private static java.lang.reflect.Method publicMethod(String name) {
		try {
			return McpStreamableServerSession.class.getMethod(name);
		}
		catch (NoSuchMethodException ex) {
			return null;
		}
	}

	private static Field optionalField(String name) {
		try {
			Field field = McpStreamableServerSession.class.getDeclaredField(name);
			field.setAccessible(true);
			return field;
		}
		catch (NoSuchFieldException | RuntimeException ex) {
			return null;
		}
	}

	/** The ids of the requests {@code session} sent to its client and still waits an answer for. Only reads. */
	public static java.util.Set<Object> pendingRequestIds(McpStreamableServerSession session) {
		if (PENDING_REQUESTS == null) {
			throw incompatible("McpStreamableServerSession has no map of pending requests", null);
		}
		try {
			return java.util.Set.copyOf(((Map<?, ?>) PENDING_REQUESTS.get(session)).keySet());
		}
		catch (IllegalAccessException ex) {
			throw incompatible("cannot read the pending requests of a session", ex);
		}
	}

	/**
	 * Whether a transport provider was built to refuse {@code DELETE} (its {@code disallowDelete}
	 * field: the SDK's servlet provider and Spring AI's WebMvc and WebFlux providers have one). A
	 * provider without the field is taken to allow it.
	 */
	public static boolean disallowsDelete(Object provider) {
		for (Class<?> type = provider.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
			try {
				Field field = type.getDeclaredField("disallowDelete");
				if (field.getType() == boolean.class) {
					field.setAccessible(true);
					return field.getBoolean(provider);
				}
			}
			catch (NoSuchFieldException ex) {
				// look in the superclass
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				throw incompatible("cannot read whether " + provider.getClass().getName() + " allows DELETE", ex);
			}
		}
		return false;
	}

	private static boolean isSessionMap(Field field) {
		if (!Map.class.isAssignableFrom(field.getType())) {
			return false;
		}
		Type generic = field.getGenericType();
		return generic instanceof ParameterizedType parameterized && parameterized.getActualTypeArguments().length == 2
				&& parameterized.getActualTypeArguments()[1] == McpStreamableServerSession.class;
	}

	private static Object read(Class<?> type, String name, Object target) {
		try {
			return field(type, name).get(target);
		}
		catch (IllegalAccessException ex) {
			throw incompatible("cannot read " + type.getSimpleName() + "." + name, ex);
		}
	}

	private static Field field(Class<?> type, String name) {
		try {
			Field field = type.getDeclaredField(name);
			field.setAccessible(true);
			return field;
		}
		catch (NoSuchFieldException | RuntimeException ex) {
			throw incompatible(type.getName() + " has no field '" + name + "'", ex);
		}
	}

	private static IncompatibleSdkException incompatible(String detail, Throwable cause) {
		return new IncompatibleSdkException("mcp-sessions supports the MCP Java SDK " + SUPPORTED_SDK_VERSIONS
				+ " (io.modelcontextprotocol.sdk:mcp-core); found version " + sdkVersion() + ", where " + detail
				+ ". Use a supported SDK version, or an mcp-sessions release that supports this one.", cause);
	}

	/** The version of {@code mcp-core} on the class path, or {@code "unknown"}. */
	public static String sdkVersion() {
		String resource = "/META-INF/maven/io.modelcontextprotocol.sdk/mcp-core/pom.properties";
		try (InputStream in = McpSchema.class.getResourceAsStream(resource)) {
			if (in != null) {
				Properties properties = new Properties();
				properties.load(in);
				return properties.getProperty("version", "unknown");
			}
		}
		catch (IOException ex) {
			// fall through to the manifest
		}
		String version = McpSchema.class.getPackage().getImplementationVersion();
		return version != null ? version : "unknown";
	}

}
