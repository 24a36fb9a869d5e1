package io.github.mcpsessions.conformance.spring;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import org.springframework.ai.mcp.server.webflux.transport.WebFluxStreamableServerTransportProvider;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStreamableServerTransportProvider;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.github.mcpsessions.examples.ConformanceFixtures;
import io.github.mcpsessions.jdbc.PostgresSessionMessageBus;
import io.github.mcpsessions.messaging.SessionMessageBus;
import io.github.mcpsessions.redis.RedisSessionMessageBus;

/**
 * The conformance suite's fixtures ({@link ConformanceFixtures}) served by a Spring AI MCP server
 * made persistent by mcp-sessions-spring-boot-starter, as an application would write it: the
 * fixtures are beans, the starter does the rest. {@code conformance/run.sh} starts it on WebMvc
 * and on WebFlux, alone and as two replicas behind HAProxy.
 *
 * <pre>
 * java -jar mcp-sessions-conformance-spring.jar --web=webmvc|webflux --port=8080
 *      --store=h2 --data-dir=./data | --store=postgres --jdbc-url=jdbc:postgresql://... | --store=redis --redis-url=redis://...
 *      [--any.spring.property=value, e.g. --mcp.sessions.enabled=false for plain Spring AI]
 * </pre>
 */
@SpringBootApplication
public class SpringConformanceServer {

	private static final String WEBMVC_AUTOCONFIGURATION = "org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerStreamableHttpWebMvcAutoConfiguration";

	private static final String WEBFLUX_AUTOCONFIGURATION = "org.springframework.ai.mcp.server.webflux.autoconfigure.McpServerStreamableHttpWebFluxAutoConfiguration";

	private static final String DATA_SOURCE_AUTOCONFIGURATION = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

	private final ConformanceFixtures fixtures = new ConformanceFixtures(McpJsonDefaults.getMapper());

	public static void main(String[] args) {
		Map<String, String> options = options(args);
		boolean webflux = "webflux".equals(options.getOrDefault("web", "webmvc"));
		String store = options.getOrDefault("store", "h2");
		Map<String, Object> properties = new HashMap<>();
		properties.put("server.port", options.getOrDefault("port", "8080"));
		properties.put("spring.main.web-application-type", webflux ? "reactive" : "servlet");
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.ai.mcp.server.protocol", "STREAMABLE");
		properties.put("spring.ai.mcp.server.name", "mcp-sessions-conformance-spring");
		properties.put("management.endpoints.web.base-path", "/");
		properties.put("management.endpoints.web.exposure.include", "health");
		properties.put("conformance.store", store);
		String excluded = webflux ? WEBMVC_AUTOCONFIGURATION : WEBFLUX_AUTOCONFIGURATION;
		switch (store) {
			case "h2" -> properties.put("spring.datasource.url",
					"jdbc:h2:file:" + options.getOrDefault("data-dir", "./data") + "/sessions;WRITE_DELAY=0");
			case "postgres" -> properties.put("spring.datasource.url", required(options, "jdbc-url"));
			case "redis" -> {
				properties.put("conformance.redis-url", required(options, "redis-url"));
				excluded += "," + DATA_SOURCE_AUTOCONFIGURATION;
			}
			default -> throw new IllegalArgumentException("--store must be h2, postgres or redis, not " + store);
		}
		properties.put("spring.autoconfigure.exclude", excluded);
		options.forEach((name, value) -> {
			if (name.contains(".")) {
				properties.put(name, value);
			}
		});
		new SpringApplicationBuilder(SpringConformanceServer.class).properties(properties).run();
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("Options are --name=value, not " + arg);
			}
			options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
		}
		return options;
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			throw new IllegalArgumentException("--" + name + "= is required for this store");
		}
		return value;
	}

	/**
	 * Spring AI sets tools, resources, prompts and completions from its properties; the scenarios
	 * also need logging and resource subscriptions, which its properties do not offer.
	 */
	@Bean
	McpSchema.ServerCapabilities.Builder capabilitiesBuilder() {
		return new McpSchema.ServerCapabilities.Builder() {
			@Override
			public McpSchema.ServerCapabilities.Builder resources(Boolean subscribe, Boolean listChanged) {
				return super.resources(true, listChanged);
			}
		}.logging();
	}

	@Bean
	List<SyncToolSpecification> conformanceTools() {
		return this.fixtures.tools();
	}

	@Bean
	List<SyncResourceSpecification> conformanceResources() {
		return this.fixtures.resources();
	}

	@Bean
	List<SyncResourceTemplateSpecification> conformanceResourceTemplates() {
		return this.fixtures.resourceTemplates();
	}

	@Bean
	List<SyncPromptSpecification> conformancePrompts() {
		return this.fixtures.prompts();
	}

	@Bean
	List<SyncCompletionSpecification> conformanceCompletions() {
		return this.fixtures.completions();
	}

	/** Spring AI's WebMvc provider, with the Host and Origin checks a localhost server needs. */
	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	WebMvcStreamableServerTransportProvider webMvcStreamableServerTransportProvider() {
		return WebMvcStreamableServerTransportProvider.builder()
			.jsonMapper(json())
			.mcpEndpoint("/mcp")
			.securityValidator(ConformanceFixtures.localhostOnly())
			.build();
	}

	/** Spring AI's WebFlux provider, with the Host and Origin checks a localhost server needs. */
	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	WebFluxStreamableServerTransportProvider webFluxStreamableServerTransportProvider() {
		return WebFluxStreamableServerTransportProvider.builder()
			.jsonMapper(json())
			.messageEndpoint("/mcp")
			.securityValidator(ConformanceFixtures.localhostOnly())
			.build();
	}

	@Bean(destroyMethod = "shutdown")
	@ConditionalOnProperty(name = "conformance.store", havingValue = "redis")
	RedisClient redisClient(Environment environment) {
		return RedisClient.create(environment.getRequiredProperty("conformance.redis-url"));
	}

	/** Replicas talk through the store's own channel: LISTEN/NOTIFY on PostgreSQL, pub/sub on Redis. */
	@Bean(destroyMethod = "close")
	@ConditionalOnProperty(name = "conformance.store", havingValue = "postgres")
	SessionMessageBus postgresMessageBus(Environment environment) {
		return PostgresSessionMessageBus.builder().jdbcUrl(environment.getRequiredProperty("spring.datasource.url")).build();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnProperty(name = "conformance.store", havingValue = "redis")
	SessionMessageBus redisMessageBus(RedisClient redisClient) {
		return RedisSessionMessageBus.builder().client(redisClient).build();
	}

	private static McpJsonMapper json() {
		return McpJsonDefaults.getMapper();
	}

}
