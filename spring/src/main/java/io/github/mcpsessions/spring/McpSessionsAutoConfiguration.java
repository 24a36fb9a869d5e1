package io.github.mcpsessions.spring;

import java.security.Principal;
import java.time.Duration;
import java.util.function.Consumer;
import javax.sql.DataSource;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.mcp.server.webflux.transport.WebFluxStreamableServerTransportProvider;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStreamableServerTransportProvider;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

import io.github.mcpsessions.adapter.PersistentSessionsSettings;
import io.github.mcpsessions.adapter.SessionPersistenceAdapter;
import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.events.InMemoryEventStore;
import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.health.StoredSessionCount;
import io.github.mcpsessions.internal.cache.CachingSessionRepository;
import io.github.mcpsessions.jdbc.JdbcEventStore;
import io.github.mcpsessions.jdbc.JdbcSessionRepository;
import io.github.mcpsessions.messaging.SessionMessageBus;
import io.github.mcpsessions.metrics.SessionMetrics;
import io.github.mcpsessions.redis.RedisEventStore;
import io.github.mcpsessions.redis.RedisSessionRepository;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.servlet.PersistentSessionsFilter;
import io.github.mcpsessions.session.SessionListener;
import io.github.mcpsessions.spring.webflux.PersistentSessionsWebFilter;

/**
 * Makes the sessions of a Spring AI streamable-HTTP MCP server persistent: on WebMvc a
 * {@link PersistentSessionsFilter} in front of the MCP endpoint, on WebFlux a
 * {@link PersistentSessionsWebFilter}, attached to the provider Spring AI created, over a store
 * taken from the context (the application's {@code DataSource}, else its Lettuce
 * {@code RedisClient}, else an in-memory store with a WARN). {@link SessionListener} beans hear session events. Every bean can
 * be overridden; {@code mcp.sessions.enabled=false} turns it all off.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = {
		"org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerStreamableHttpWebMvcAutoConfiguration",
		"org.springframework.ai.mcp.server.webflux.autoconfigure.McpServerStreamableHttpWebFluxAutoConfiguration",
		"org.springframework.ai.mcp.server.common.autoconfigure.McpServerAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnBean(McpStreamableServerTransportProvider.class)
@ConditionalOnProperty(prefix = "mcp.sessions", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(McpSessionsProperties.class)
public class McpSessionsAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(McpSessionsAutoConfiguration.class);

	/**
	 * The store: the application's {@code DataSource} if it has one, else its Lettuce
	 * {@code RedisClient}, else the Lettuce client of its Spring Data Redis connection factory, else
	 * memory (sessions then do not survive a restart).
	 */
	@Bean
	@ConditionalOnMissingBean(SessionRepository.class)
	SessionRepository mcpSessionRepository(ObjectProvider<DataSource> dataSources,
			ObjectProvider<RedisClient> redisClients, McpSessionsProperties properties, ListableBeanFactory beans) {
		DataSource dataSource = dataSources.getIfUnique();
		if (dataSource != null) {
			return JdbcSessionRepository.builder()
				.dataSource(dataSource)
				.tableName(properties.getTableName())
				.createSchemaIfMissing(properties.isCreateSchema())
				.build();
		}
		AbstractRedisClient redisClient = redisClients.getIfUnique();
		if (redisClient == null) {
			redisClient = SpringDataRedis.lettuceClient(beans);
		}
		if (redisClient != null) {
			return RedisSessionRepository.builder().client(redisClient).keyPrefix(properties.getKeyPrefix()).build();
		}
		logger.warn("MCP sessions are kept in memory: they will not survive a restart or move between replicas. "
				+ "Add a DataSource (PostgreSQL, H2, MariaDB), Spring Data Redis with Lettuce, "
				+ "or define a SessionRepository bean (e.g. RedisSessionRepository).");
		return new InMemorySessionRepository();
	}

	/** Spring Data Redis, when the application has it: the Lettuce client of its connection factory. */
	private static final class SpringDataRedis {

		private static final boolean PRESENT = ClassUtils.isPresent(
				"org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
				SpringDataRedis.class.getClassLoader());

		static AbstractRedisClient lettuceClient(ListableBeanFactory beans) {
			return PRESENT ? Lettuce.client(beans) : null;
		}

		/** Loaded only when Spring Data Redis is on the class path. */
		private static final class Lettuce {

			static AbstractRedisClient client(ListableBeanFactory beans) {
				LettuceConnectionFactory factory = beans.getBeanProvider(LettuceConnectionFactory.class).getIfUnique();
				return factory != null ? factory.getNativeClient() : null;
			}

		}

	}

	/** The adapter for Spring AI's WebMvc provider: a servlet filter in front of the DispatcherServlet. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebMvcStreamableServerTransportProvider.class)
	@ConditionalOnBean(WebMvcStreamableServerTransportProvider.class)
	static class WebMvc {

		@Bean
		@ConditionalOnMissingBean
		PersistentSessionsFilter mcpSessionsFilter(WebMvcStreamableServerTransportProvider provider,
				SessionRepository repository, McpSessionsProperties properties, ObjectProvider<SessionListener> listeners,
				ObjectProvider<SessionMessageBus> messageBus, ObjectProvider<SessionMetrics> metrics,
				ObjectProvider<EventStore> eventStore) {
			PersistentSessionsFilter.Builder builder = PersistentSessionsFilter
				.builder(provider, timed(repository, metrics));
			configure(builder, repository, properties, listeners, messageBus, eventStore);
			if (properties.isBindToPrincipal()) {
				builder.ownerResolver(request -> {
					Principal principal = request.getUserPrincipal();
					return principal != null ? principal.getName() : null;
				});
			}
			return builder.build();
		}

		/** Runs after Spring's security filters, right before the servlet that serves the endpoint. */
		@Bean
		@ConditionalOnMissingBean(name = "mcpSessionsFilterRegistration")
		FilterRegistrationBean<PersistentSessionsFilter> mcpSessionsFilterRegistration(PersistentSessionsFilter filter,
				Environment environment) {
			FilterRegistrationBean<PersistentSessionsFilter> registration = new FilterRegistrationBean<>(filter);
			registration.addUrlPatterns(endpoint(environment));
			registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
			registration.setAsyncSupported(true);
			return registration;
		}

		/** Once every singleton (the MCP server among them) exists, makes the server's session factory persistent. */
		@Bean
		SmartInitializingSingleton mcpSessionsAttacher(PersistentSessionsFilter filter,
				ObjectProvider<McpSyncServer> syncServer, ObjectProvider<McpAsyncServer> asyncServer) {
			return attacher(filter::attach, filter::attach, filter::attach, syncServer, asyncServer);
		}

		/** At shutdown: drains, then (after Spring's graceful shutdown) fails pending client requests and stops the cleaner. */
		@Bean
		SmartLifecycle mcpSessionsDrain(PersistentSessionsFilter filter, McpSessionsProperties properties,
				ApplicationEventPublisher events) {
			return new DrainingLifecycle(filter, properties.getDrainPeriod(), events);
		}

		@Bean
		SmartLifecycle mcpSessionsLifecycle(PersistentSessionsFilter filter, McpSessionsProperties properties) {
			return new ClosingLifecycle(filter, filter, properties.getDrainTimeout());
		}

	}

	/** The adapter for Spring AI's WebFlux provider: a web filter on the MCP endpoint. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebFluxStreamableServerTransportProvider.class)
	@ConditionalOnBean(WebFluxStreamableServerTransportProvider.class)
	static class WebFlux {

		/** Runs after Spring Security's web filters (order -100). */
		@Bean
		@ConditionalOnMissingBean
		@Order(Ordered.LOWEST_PRECEDENCE - 10)
		PersistentSessionsWebFilter mcpSessionsWebFilter(WebFluxStreamableServerTransportProvider provider,
				SessionRepository repository, McpSessionsProperties properties, ObjectProvider<SessionListener> listeners,
				ObjectProvider<SessionMessageBus> messageBus, ObjectProvider<SessionMetrics> metrics,
				ObjectProvider<EventStore> eventStore, Environment environment) {
			PersistentSessionsWebFilter.Builder builder = PersistentSessionsWebFilter
				.builder(provider, timed(repository, metrics))
				.endpoint(endpoint(environment));
			configure(builder, repository, properties, listeners, messageBus, eventStore);
			if (properties.isBindToPrincipal()) {
				builder.ownerResolver(exchange -> exchange.getPrincipal().map(Principal::getName));
			}
			return builder.build();
		}

		@Bean
		SmartInitializingSingleton mcpSessionsAttacher(PersistentSessionsWebFilter filter,
				ObjectProvider<McpSyncServer> syncServer, ObjectProvider<McpAsyncServer> asyncServer) {
			return attacher(filter::attach, filter::attach, filter::attach, syncServer, asyncServer);
		}

		@Bean
		SmartLifecycle mcpSessionsDrain(PersistentSessionsWebFilter filter, McpSessionsProperties properties,
				ApplicationEventPublisher events) {
			return new DrainingLifecycle(filter, properties.getDrainPeriod(), events);
		}

		@Bean
		SmartLifecycle mcpSessionsLifecycle(PersistentSessionsWebFilter filter, McpSessionsProperties properties) {
			return new ClosingLifecycle(filter, filter, properties.getDrainTimeout());
		}

	}

	/**
	 * Attaches the adapter once every singleton exists, to the MCP server Spring AI built, so the
	 * server's notifications reach every replica.
	 */
	private static SmartInitializingSingleton attacher(Consumer<McpSyncServer> toSyncServer,
			Consumer<McpAsyncServer> toAsyncServer, Runnable alone, ObjectProvider<McpSyncServer> syncServer,
			ObjectProvider<McpAsyncServer> asyncServer) {
		return () -> {
			McpSyncServer sync = syncServer.getIfUnique();
			McpAsyncServer async = asyncServer.getIfUnique();
			if (sync != null) {
				toSyncServer.accept(sync);
			}
			else if (async != null) {
				toAsyncServer.accept(async);
			}
			else {
				alone.run();
			}
		};
	}

	private static String endpoint(Environment environment) {
		return environment.getProperty("spring.ai.mcp.server.streamable-http.mcp-endpoint", "/mcp");
	}

	private static SessionRepository timed(SessionRepository repository, ObjectProvider<SessionMetrics> metrics) {
		SessionMetrics meters = metrics.getIfUnique();
		return meters != null && !(repository instanceof CachingSessionRepository) ? meters.timed(repository) : repository;
	}

	/** The settings both adapters take from the properties and the context. */
	private static void configure(PersistentSessionsSettings<?> builder, SessionRepository repository,
			McpSessionsProperties properties, ObjectProvider<SessionListener> listeners,
			ObjectProvider<SessionMessageBus> messageBus, ObjectProvider<EventStore> eventStore) {
		builder.idleTimeout(properties.getIdleTimeout())
			.maxLifetime(properties.getMaxLifetime())
			.cleanupInterval(properties.getCleanupInterval() == null || properties.getCleanupInterval().isZero() ? null
					: properties.getCleanupInterval());
		if (!(repository instanceof CachingSessionRepository)) {
			builder.cacheMaximumSize(properties.getCacheMaximumSize());
			if (properties.getTouchInterval() != null) {
				builder.touchInterval(properties.getTouchInterval());
			}
		}
		if (properties.getSessionIdSecret() != null && !properties.getSessionIdSecret().isEmpty()) {
			builder.sessionIdSecret(properties.getSessionIdSecret().getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		if (properties.getRequireReadyAtStart() != null) {
			builder.requireReadyAtStart(properties.getRequireReadyAtStart());
		}
		listeners.orderedStream().forEach(builder::listener);
		messageBus.ifUnique(builder::messageBus);
		McpSessionsProperties.ResumableStreams streams = properties.getResumableStreams();
		eventStore.ifUnique(store -> builder.eventStore(store)
			.sseRetry(streams.getRetry())
			.eventRetention(streams.getRetention())
			.primingDelay(streams.getPrimingDelay())
			.pollingTools(streams.getPollingTools().toArray(String[]::new)));
	}

	/**
	 * The event store of resumable streams, with {@code mcp.sessions.resumable-streams.enabled=true}:
	 * beside the sessions, in the same database (table {@code mcp_event}) or Redis.
	 */
	@Bean
	@ConditionalOnMissingBean(EventStore.class)
	@ConditionalOnProperty(prefix = "mcp.sessions.resumable-streams", name = "enabled")
	EventStore mcpSessionsEventStore(SessionRepository repository, McpSessionsProperties properties) {
		McpSessionsProperties.ResumableStreams streams = properties.getResumableStreams();
		if (repository instanceof JdbcSessionRepository jdbc) {
			return JdbcEventStore.builder(jdbc.dataSource())
				.tableName(streams.getTableName())
				.maxEventsPerStream(streams.getMaxEventsPerStream())
				.createSchemaIfMissing(properties.isCreateSchema())
				.build();
		}
		if (repository instanceof RedisSessionRepository redis) {
			return RedisEventStore.builder(redis)
				.keyPrefix(streams.getKeyPrefix())
				.maxEventsPerStream(streams.getMaxEventsPerStream())
				.eventTtl(streams.getRetention())
				.build();
		}
		if (repository instanceof InMemorySessionRepository) {
			return InMemoryEventStore.builder().maxEventsPerStream(streams.getMaxEventsPerStream()).build();
		}
		throw new IllegalStateException("mcp.sessions.resumable-streams.enabled is set, but the session store "
				+ repository.getClass().getName() + " has no event store of its kind: define an EventStore bean");
	}

	/** The number of stored sessions, counted in the background (for health and metrics, never per request). */
	@Bean
	@ConditionalOnMissingBean
	StoredSessionCount mcpSessionsStoredCount(SessionRepository repository, McpSessionsProperties properties) {
		return new StoredSessionCount(repository, properties.getStoredCountInterval());
	}

	/** Session meters in the application's Micrometer registry, when it has one. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class Metrics {

		@Bean
		@ConditionalOnBean(MeterRegistry.class)
		@ConditionalOnMissingBean
		SessionMetrics mcpSessionMetrics(MeterRegistry registry) {
			return new SessionMetrics(registry);
		}

		@Bean
		@ConditionalOnBean(SessionMetrics.class)
		SmartInitializingSingleton mcpSessionMetricsMonitor(SessionMetrics metrics, SessionPersistenceAdapter adapter,
				StoredSessionCount stored) {
			return () -> {
				metrics.monitor(adapter);
				metrics.monitor(stored);
			};
		}

	}

	/** An Actuator health indicator, {@code mcpSessions}, when Spring Boot's health support is there. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	static class HealthSupport {

		@Bean
		@ConditionalOnMissingBean(name = "mcpSessionsHealthIndicator")
		McpSessionsHealthIndicator mcpSessionsHealthIndicator(SessionRepository repository,
				SessionPersistenceAdapter adapter, StoredSessionCount mcpSessionsStoredCount,
				ObjectProvider<WarmupOnReady> warmUp) {
			WarmupOnReady warming = warmUp.getIfAvailable();
			return new McpSessionsHealthIndicator(repository, adapter, mcpSessionsStoredCount,
					warming != null ? warming::readiness : () -> Readiness.READY);
		}

		/** The warm-up the indicator waits for ({@code mcp.sessions.warm-up}, {@code 0s}: none). */
		@Bean
		@ConditionalOnMissingBean
		WarmupOnReady mcpSessionsWarmup(SessionPersistenceAdapter adapter, McpSessionsProperties properties,
				Environment environment) {
			Duration warmUp = properties.getWarmUp();
			return new WarmupOnReady(adapter, warmUp == null || warmUp.isNegative() ? Duration.ZERO : warmUp,
					endpoint(environment));
		}

	}

}
