package io.github.mcpsessions.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of persistent MCP sessions, under {@code mcp.sessions}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("mcp.sessions")
public class McpSessionsProperties {

	/** Whether sessions are made persistent at all. */
	private boolean enabled = true;

	/** How long a session lives without requests. */
	private Duration idleTimeout = Duration.ofHours(24);

	/** Absolute limit on a session's life from its creation, however busy; none if unset. */
	private Duration maxLifetime;

	/** Most session records cached in each process. */
	private long cacheMaximumSize = 100_000;

	/** Least time between two store writes recording one session's use; a quarter of the idle timeout (at most 60 s) if unset. */
	private Duration touchInterval;

	/** How often expired records are deleted; 0 turns the cleaner off (Redis expires records itself). */
	private Duration cleanupInterval = Duration.ofMinutes(10);

	/** Table of the JDBC store (unquoted identifier, optionally schema-qualified). */
	private String tableName = "mcp_session";

	/** Create the table if it is missing (the shipped schema script), at start. */
	private boolean createSchema = true;

	/** Key prefix of the Redis store. */
	private String keyPrefix = "mcp:session:";

	/** Bind each session to the authenticated principal (Spring Security) that created it; others get 404. */
	private boolean bindToPrincipal = true;

	/** Secret that signs session ids (32+ characters, the same on every instance); unset: unsigned ids. */
	private String sessionIdSecret;

	/**
	 * On shutdown, how long health answers 503 (readiness {@code REFUSING_TRAFFIC}) while requests are
	 * still served, so load balancers stop routing here before the server stops accepting connections.
	 * 0 turns it off (a Kubernetes {@code preStop} sleep does the same).
	 */
	private Duration drainPeriod = Duration.ofSeconds(5);

	/** Then, how long MCP requests in flight may take to finish before pending client requests are failed. */
	private Duration drainTimeout = Duration.ofSeconds(30);

	/**
	 * Fail fast: the context fails to start if the session store (and the event store and message
	 * bus) cannot be reached within this time. Not set (the default): the application starts without
	 * its store, health says {@code DOWN} and MCP requests get 503 until the store answers, then it
	 * serves without a restart.
	 */
	private Duration requireReadyAtStart;

	/**
	 * Once the application is ready, how long the instance calls its own MCP endpoint (initialize,
	 * tools/list, a restore, an unknown id, DELETE) before the {@code mcpSessions} health says
	 * {@code UP}, so the first clients are served by a warm JVM. {@code 0s} turns it off.
	 */
	private Duration warmUp = Duration.ofSeconds(6);

	/**
	 * How often the stored sessions are counted in the background, for the health details and the
	 * {@code mcp.sessions.stored} gauge (a count walks the whole store, so it never runs per probe).
	 */
	private Duration storedCountInterval = Duration.ofMinutes(1);

	/** Resumable SSE streams (SEP-1699), under {@code mcp.sessions.resumable-streams}. */
	private final ResumableStreams resumableStreams = new ResumableStreams();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public Duration getMaxLifetime() {
		return this.maxLifetime;
	}

	public void setMaxLifetime(Duration maxLifetime) {
		this.maxLifetime = maxLifetime;
	}

	public long getCacheMaximumSize() {
		return this.cacheMaximumSize;
	}

	public void setCacheMaximumSize(long cacheMaximumSize) {
		this.cacheMaximumSize = cacheMaximumSize;
	}

	public Duration getTouchInterval() {
		return this.touchInterval;
	}

	public void setTouchInterval(Duration touchInterval) {
		this.touchInterval = touchInterval;
	}

	public Duration getCleanupInterval() {
		return this.cleanupInterval;
	}

	public void setCleanupInterval(Duration cleanupInterval) {
		this.cleanupInterval = cleanupInterval;
	}

	public String getTableName() {
		return this.tableName;
	}

	public void setTableName(String tableName) {
		this.tableName = tableName;
	}

	public boolean isCreateSchema() {
		return this.createSchema;
	}

	public void setCreateSchema(boolean createSchema) {
		this.createSchema = createSchema;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public boolean isBindToPrincipal() {
		return this.bindToPrincipal;
	}

	public void setBindToPrincipal(boolean bindToPrincipal) {
		this.bindToPrincipal = bindToPrincipal;
	}

	public String getSessionIdSecret() {
		return this.sessionIdSecret;
	}

	public void setSessionIdSecret(String sessionIdSecret) {
		this.sessionIdSecret = sessionIdSecret;
	}

	public Duration getDrainPeriod() {
		return this.drainPeriod;
	}

	public void setDrainPeriod(Duration drainPeriod) {
		this.drainPeriod = drainPeriod;
	}

	public Duration getDrainTimeout() {
		return this.drainTimeout;
	}

	public void setDrainTimeout(Duration drainTimeout) {
		this.drainTimeout = drainTimeout;
	}

	public Duration getRequireReadyAtStart() {
		return this.requireReadyAtStart;
	}

	public void setRequireReadyAtStart(Duration requireReadyAtStart) {
		this.requireReadyAtStart = requireReadyAtStart;
	}

	public Duration getWarmUp() {
		return this.warmUp;
	}

	public void setWarmUp(Duration warmUp) {
		this.warmUp = warmUp;
	}

	public Duration getStoredCountInterval() {
		return this.storedCountInterval;
	}

	public void setStoredCountInterval(Duration storedCountInterval) {
		this.storedCountInterval = storedCountInterval;
	}

	public ResumableStreams getResumableStreams() {
		return this.resumableStreams;
	}

	/**
	 * Resumable SSE streams: each event stored before the client gets it, so a client whose stream
	 * broke (a proxy's timeout, a deploy) resumes it with {@code Last-Event-ID} on any instance.
	 */
	public static class ResumableStreams {

		/**
		 * Store stream events, in the session store's database or Redis (an {@code EventStore} bean
		 * in the context is used instead, and turns this on by itself).
		 */
		private boolean enabled;

		/** How long a client waits before it reconnects (the SSE {@code retry} field). */
		private Duration retry = Duration.ofSeconds(1);

		/** How long events are kept for a client to resume. */
		private Duration retention = Duration.ofMinutes(10);

		/** How long a call's stream waits before its priming event; a call answered sooner stores nothing. */
		private Duration primingDelay = Duration.ofMillis(200);

		/** Tools whose calls end their stream after the priming event; the client polls for the rest. */
		private List<String> pollingTools = new ArrayList<>();

		/** Most events a stream keeps. */
		private int maxEventsPerStream = 1_000;

		/** Table of the JDBC event store (created with the session table when create-schema is on). */
		private String tableName = "mcp_event";

		/** Key prefix of the Redis event store. */
		private String keyPrefix = "mcp:events:";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getRetry() {
			return this.retry;
		}

		public void setRetry(Duration retry) {
			this.retry = retry;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

		public Duration getPrimingDelay() {
			return this.primingDelay;
		}

		public void setPrimingDelay(Duration primingDelay) {
			this.primingDelay = primingDelay;
		}

		public List<String> getPollingTools() {
			return this.pollingTools;
		}

		public void setPollingTools(List<String> pollingTools) {
			this.pollingTools = pollingTools;
		}

		public int getMaxEventsPerStream() {
			return this.maxEventsPerStream;
		}

		public void setMaxEventsPerStream(int maxEventsPerStream) {
			this.maxEventsPerStream = maxEventsPerStream;
		}

		public String getTableName() {
			return this.tableName;
		}

		public void setTableName(String tableName) {
			this.tableName = tableName;
		}

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

	}

}
