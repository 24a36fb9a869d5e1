package io.github.mcpsessions.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;

import io.github.mcpsessions.jdbc.JdbcSessionRepository;
import io.github.mcpsessions.jdbc.JdbcTaskStore;
import io.github.mcpsessions.tasks.quartz.QuartzSchedulers;
import io.github.mcpsessions.tasks.quartz.QuartzTaskExecution;
import io.github.mcpsessions.testing.RequiredService;

/**
 * Tasks handed to Quartz's clustered JDBC job store on PostgreSQL: the task a client created on one
 * replica runs on the replica whose scheduler fires its job, and its result is read on either.
 */
class QuartzTaskExecutionTest {

	private static final String JDBC_URL = System.getenv()
		.getOrDefault("MCP_SESSIONS_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

	private final String schema = "mcp_test_quartz_" + System.nanoTime();

	private JdbcSessionRepository sessions;

	private Scheduler scheduler;

	private TaskServer a;

	private TaskServer b;

	@BeforeEach
	void createSchema() throws Exception {
		try (Connection connection = connect(JDBC_URL); Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + this.schema);
		}
		String url = JDBC_URL + (JDBC_URL.contains("?") ? "&" : "?") + "currentSchema=" + this.schema;
		this.sessions = JdbcSessionRepository.builder().jdbcUrl(url).createSchemaIfMissing(true).build();
		QuartzSchedulers.createTablesIfMissing(this.sessions.dataSource());
		QuartzSchedulers.createTablesIfMissing(this.sessions.dataSource());
	}

	@AfterEach
	void dropSchema() throws Exception {
		for (TaskServer server : new TaskServer[] { this.a, this.b }) {
			if (server != null) {
				server.close();
			}
		}
		if (this.scheduler != null) {
			this.scheduler.shutdown(true);
		}
		this.sessions.close();
		try (Connection connection = connect(JDBC_URL); Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA " + this.schema + " CASCADE");
		}
	}

	@Test
	void aTaskCreatedOnOneReplicaRunsWhereQuartzFiresItsJob() throws SchedulerException {
		TaskStore store = JdbcTaskStore.builder(this.sessions.dataSource()).createSchemaIfMissing(true).build();
		this.scheduler = QuartzSchedulers.clustered(this.sessions.dataSource(), "mcp-tasks-test", 2, 1_000);
		QuartzTaskExecution execution = QuartzTaskExecution.of(this.scheduler);
		Map<String, McpSyncTool> tools = new LinkedHashMap<>();
		tools.put("report", McpSyncTool.of(McpSchema.Tool.builder("report", Map.of("type", "object")).build(),
				(context, request) -> McpSyncResponse.result(McpSchema.CallToolResult.builder()
					.addContent(new McpSchema.TextContent(null, "report ready", null))
					.isError(false)
					.build())));
		Map<String, TaskSupport> support = Map.of("report", TaskSupport.OPTIONAL);
		// The replica created last gives its worker to the scheduler: Quartz runs every job there.
		this.a = TaskServer.start(store, tools, support, tasks -> tasks.execution(execution).replicaId("replica-a"));
		this.b = TaskServer.start(store, tools, support, tasks -> tasks.execution(execution).replicaId("replica-b"));
		this.scheduler.start();
		TaskClient client = TaskClient.declaring();

		String taskId = client.call(this.a.url(), "report", Map.of()).taskId();
		TaskClient.Reply done = await().atMost(Duration.ofSeconds(20))
			.until(() -> client.get(this.a.url(), taskId), reply -> "completed".equals(reply.get("status")));

		assertThat(((Map<?, ?>) ((List<?>) done.map("result").get("content")).get(0)).get("text")).isEqualTo("report ready");
		assertThat(this.b.tasks().count("completed")).isEqualTo(1);
		assertThat(this.a.tasks().count("created")).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.scheduler.getJobGroupNames().isEmpty()
					|| this.scheduler.getJobKeys(org.quartz.impl.matchers.GroupMatcher.jobGroupEquals(QuartzTaskExecution.GROUP))
						.isEmpty());
	}

	private static Connection connect(String url) throws SQLException {
		try {
			return DriverManager.getConnection(url);
		}
		catch (SQLException ex) {
			throw RequiredService.unavailable("PostgreSQL", url, "MCP_SESSIONS_TEST_JDBC_URL", ex);
		}
	}

}
