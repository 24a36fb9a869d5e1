package io.github.mcpsessions.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.testing.SessionRepositoryContract;
import io.github.mcpsessions.repository.UnreadableRecordException;

/**
 * The shared repository contract plus what every JDBC dialect must also keep, run against a real
 * database. Each test class works in a schema of its own, each test in a new table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcSessionRepositoryContract extends SessionRepositoryContract {

	private static final AtomicInteger TABLES = new AtomicInteger();

	protected TestDatabase database;

	protected String schema;

	protected HikariDataSource dataSource;

	private JdbcSessionRepository repository;

	/** The database of this test class; called once per class. */
	protected abstract TestDatabase database();

	@BeforeAll
	void createSchema() {
		this.database = database();
		this.schema = this.database.createSchema();
		this.dataSource = this.database.dataSource("mcp-sessions-test");
	}

	@AfterAll
	void dropSchema() {
		if (this.dataSource != null) {
			this.dataSource.close();
		}
		if (this.schema != null) {
			this.database.dropSchema(this.schema);
		}
	}

	@BeforeEach
	void newTable() {
		this.repository = newRepository(this.schema + ".sessions_" + TABLES.incrementAndGet());
	}

	@AfterEach
	void closeRepository() {
		this.repository.close();
	}

	protected JdbcSessionRepository newRepository(String tableName) {
		return JdbcSessionRepository.builder()
			.dataSource(this.dataSource)
			.tableName(tableName)
			.createSchemaIfMissing(true)
			.build();
	}

	@Override
	protected JdbcSessionRepository repository() {
		return this.repository;
	}

	@Test
	void dialectIsDetectedFromTheConnection() {
		assertThat(repository().dialect()).isEqualTo(this.database.dialect());
	}

	@Test
	void schemaCreationIsIdempotent() {
		String id = SessionIds.generate();
		repository().save(record(id, now().plusSeconds(60)));

		try (JdbcSessionRepository again = newRepository(repository().tableName())) {
			assertThat(again.findById(id)).isPresent();
		}
	}

	@Test
	void aRowWithAFormatVersionBelowOneIsUnreadable() {
		String id = SessionIds.generate();
		repository().save(record(id, now().plusSeconds(60)));
		this.database.execute("UPDATE " + repository().tableName() + " SET format_version = 0 WHERE id = '" + id + "'");

		assertThatThrownBy(() -> repository().findById(id)).isInstanceOf(UnreadableRecordException.class);
	}

	@Test
	void aRowWhoseAttributesAreNotAnObjectIsUnreadableNotAnOutage() {
		String id = SessionIds.generate();
		repository().save(record(id, now().plusSeconds(60)));
		this.database.execute("UPDATE " + repository().tableName() + " SET attributes = '[1]' WHERE id = '" + id + "'");

		assertThatThrownBy(() -> repository().findById(id)).isInstanceOf(UnreadableRecordException.class)
			.satisfies(ex -> assertThat(((UnreadableRecordException) ex).id()).isEqualTo(id));
	}

	@Test
	void idsAreCaseSensitive() {
		String id = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
		repository().save(record(id, now().plusSeconds(60)));

		assertThat(repository().findById(id.toLowerCase())).isEmpty();
		assertThat(repository().findById(id)).isPresent();
	}

	@Test
	void attributeNamesAndValuesSurviveAsWritten() {
		String id = SessionIds.generate();
		Map<String, String> tricky = new HashMap<>();
		tricky.put("quote's \"and\" backslash\\", "it's a \"value\" with \\ and \n newline");
		tricky.put("mcp:subscription:file:///tmp/a b?x=1&y=2", "1");
		tricky.put("unicode", "Grüße, 世界 🚀");
		tricky.put("json-looking", "{\"not\":\"parsed\",\"x\":null}");
		tricky.put("empty", "");
		tricky.put("large", "x".repeat(65_536));
		repository().save(McpSessionRecord.builder(id).createdAt(now()).expiresAt(now().plusSeconds(60)).build());

		repository().updateAttributes(id, tricky);

		assertThat(repository().findById(id).orElseThrow().attributes()).isEqualTo(tricky);
	}

	@Test
	void removingANameThatIsNotThereChangesNothing() {
		String id = SessionIds.generate();
		repository().save(record(id, now().plusSeconds(60)));
		Map<String, String> removal = new HashMap<>();
		removal.put("absent", null);

		assertThat(repository().updateAttributes(id, removal)).isTrue();

		assertThat(repository().findById(id).orElseThrow().attributes()).containsOnlyKeys("colour",
				McpSessionRecord.LOGGING_LEVEL_ATTRIBUTE);
	}

	@Test
	void touchWithTheSameTimesStillReportsTheRecord() {
		String id = SessionIds.generate();
		repository().save(record(id, now().plusSeconds(60)));

		assertThat(repository().touch(id, now(), now().plusSeconds(60))).isTrue();
		assertThat(repository().updateAttributes(id, Map.of("colour", "teal"))).isTrue();
	}

	@Test
	void severalCleanersAtOnceDeleteEveryExpiredRowOnce() throws Exception {
		int rows = 300;
		for (int i = 0; i < rows; i++) {
			repository().save(record(SessionIds.generate(), now().minusSeconds(i + 1)));
		}
		String live = SessionIds.generate();
		repository().save(record(live, now().plusSeconds(60)));
		int cleaners = 4;
		ExecutorService pool = Executors.newFixedThreadPool(cleaners);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Integer>> results = new ArrayList<>();
		try {
			for (int c = 0; c < cleaners; c++) {
				results.add(pool.submit(() -> {
					start.await();
					int total = 0;
					int deleted;
					do {
						deleted = repository().deleteExpired(now(), 25);
						total += deleted;
					}
					while (deleted > 0);
					return total;
				}));
			}
			start.countDown();
			int total = 0;
			for (Future<Integer> result : results) {
				total += result.get(60, TimeUnit.SECONDS);
			}

			assertThat(total).isEqualTo(rows);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(repository().count()).isEqualTo(1);
		assertThat(repository().findById(live)).isPresent();
	}

	@Test
	void expiryIsInclusiveAsInTheRecord() {
		String id = SessionIds.generate();
		repository().save(record(id, now()));

		assertThat(repository().deleteExpired(now(), 10)).isEqualTo(1);
	}

}
