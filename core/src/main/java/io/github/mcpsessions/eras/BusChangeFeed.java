package io.github.mcpsessions.eras;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.modern.server.feature.McpChangeBroadcaster;
import io.modelcontextprotocol.modern.server.feature.McpChangePublisher;
import io.modelcontextprotocol.modern.server.feature.ServerChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.internal.SettingChecks;
import io.github.mcpsessions.internal.replicas.BusSecrets;
import io.github.mcpsessions.internal.replicas.ServerChangeRelay;
import io.github.mcpsessions.internal.tasks.TaskChange;
import io.github.mcpsessions.messaging.SessionMessageBus;
import io.github.mcpsessions.repository.SessionRepository;

/**
 * The changes behind MCP 2026-07-28's {@code subscriptions/listen}, across replicas: a change
 * broadcast on any replica (a tools, prompts or resources list change, a resource update) reaches
 * the listeners on every replica, once (a task's status change, {@code notifications/tasks}, too), through the replica message bus (Redis pub/sub,
 * PostgreSQL {@code LISTEN}/{@code NOTIFY}), sealed under the bus secret the replicas keep in the
 * session store. The SDK's {@code McpChangeFeed} reaches only the listeners of the replica that
 * raised the change.
 *
 * <pre>{@code
 * BusChangeFeed changes = BusChangeFeed.builder(bus, repository).build();
 * McpServer.builder()...subscriptions(changes)...   // and tools call changes.broadcast(...)
 * }</pre>
 *
 * <p>Every replica, the one that broadcast included, hears a change when it comes back over the
 * bus. A change broadcast while the bus cannot be reached is lost, and {@link #broadcast} says so
 * with a {@link io.github.mcpsessions.repository.SessionStoreException}. Needs MCP Java SDK 2.2 or
 * later. Thread-safe; {@link #close()} stops it (the application closes the bus).
 *
 * @since 0.1.0
 */
public final class BusChangeFeed implements McpChangePublisher, McpChangeBroadcaster, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(BusChangeFeed.class);

	/** What {@code ServerChange.ResourceUpdated.method()} answers. */
	private static final String RESOURCE_UPDATED = "notifications/resources/updated";

	private static final char SEPARATOR = '\n';

	private static final McpJsonMapper JSON = McpJsonDefaults.getMapper();

	private final Sinks.Many<ServerChange> sink = Sinks.many().multicast().directBestEffort();

	private final ServerChangeRelay relay;

	private BusChangeFeed(Builder builder) {
		this.relay = new ServerChangeRelay(builder.bus, builder.secret != null ? BusSecrets.given(builder.secret)
				: BusSecrets.fromStore(builder.repository), builder.heartbeat, this::arrived);
	}

	/** Starts a feed over {@code bus}, sealing under the bus secret kept in {@code repository}. */
	public static Builder builder(SessionMessageBus bus, SessionRepository repository) {
		return new Builder(bus, repository);
	}

	/**
	 * Sends {@code change} to the listeners of every replica.
	 * @throws io.github.mcpsessions.repository.SessionStoreException if the bus cannot be reached
	 */
	@Override
	public void broadcast(ServerChange change) {
		if (change instanceof TaskChange task) {
			try {
				this.relay.send(TaskChange.METHOD + SEPARATOR + JSON.writeValueAsString(task.task()));
			}
			catch (java.io.IOException ex) {
				throw new IllegalArgumentException("A task change is not JSON: " + ex.getMessage(), ex);
			}
			return;
		}
		String uri = change instanceof ServerChange.ResourceUpdated updated ? updated.uri() : "";
		this.relay.send(change.method() + SEPARATOR + uri);
	}

	/** The changes any replica broadcast from now on, each once. */
	@Override
	public Flux<ServerChange> changes() {
		return this.sink.asFlux();
	}

	private void arrived(String payload) {
		ServerChange change = decode(payload);
		if (change == null) {
			logger.warn("A server change of an unknown kind arrived over the bus and was dropped");
			return;
		}
		this.sink.tryEmitNext(change);
	}

	static ServerChange decode(String payload) {
		int separator = payload.indexOf(SEPARATOR);
		String method = separator < 0 ? payload : payload.substring(0, separator);
		String uri = separator < 0 ? "" : payload.substring(separator + 1);
		for (ServerChange list : new ServerChange[] { new ServerChange.ToolsListChanged(),
				new ServerChange.PromptsListChanged(), new ServerChange.ResourcesListChanged() }) {
			if (list.method().equals(method)) {
				return list;
			}
		}
		if (TaskChange.METHOD.equals(method)) {
			try {
				Map<String, Object> task = JSON.readValue(uri, new TypeRef<Map<String, Object>>() {
				});
				return task.get("taskId") instanceof String ? new TaskChange(task) : null;
			}
			catch (java.io.IOException | RuntimeException ex) {
				return null;
			}
		}
		return RESOURCE_UPDATED.equals(method) && !uri.isEmpty() ? new ServerChange.ResourceUpdated(uri) : null;
	}

	/**
	 * Whether changes reach the other replicas: not before the bus is subscribed and its secret was
	 * read from the store, nor while this replica's own heartbeats have long stopped coming back.
	 */
	public Readiness readiness() {
		return this.relay.readiness();
	}

	/** Stops hearing the bus; listeners' streams complete. */
	@Override
	public void close() {
		this.relay.close();
		this.sink.tryEmitComplete();
	}

	/** Configures a {@link BusChangeFeed}. */
	public static final class Builder {

		private final SessionMessageBus bus;

		private final SessionRepository repository;

		private byte[] secret;

		private Duration heartbeat = Duration.ofSeconds(1);

		private Builder(SessionMessageBus bus, SessionRepository repository) {
			this.bus = Objects.requireNonNull(bus, "bus");
			this.repository = Objects.requireNonNull(repository, "repository");
		}

		/** The bus secret, for a store that cannot keep one (at least 32 bytes, the same on every replica). */
		public Builder messageBusSecret(byte[] secret) {
			if (secret == null || secret.length < 32) {
				throw new IllegalArgumentException("messageBusSecret must be at least 32 bytes");
			}
			this.secret = secret.clone();
			return this;
		}

		/** How often this feed checks that the bus carries its own frames (default 1 second). */
		public Builder heartbeat(Duration interval) {
			this.heartbeat = SettingChecks.positive("heartbeat", interval);
			return this;
		}

		/**
		 * Builds the feed and starts hearing the bus.
		 * @throws IllegalStateException if no secret is set and the store cannot keep one
		 */
		public BusChangeFeed build() {
			return new BusChangeFeed(this);
		}

	}

}
