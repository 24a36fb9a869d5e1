package io.github.mcpsessions.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** The JDBC store on a real PostgreSQL. */
class PostgresSessionRepositoryTest extends JdbcSessionRepositoryContract {

	@Override
	protected TestDatabase database() {
		return TestDatabase.postgres();
	}

	@Test
	void tableUsesJsonbAndTimestamptzWithAnIndexOnExpiry() {
		String table = repository().tableName().substring(this.schema.length() + 1);
		Jdbi jdbi = Jdbi.create(this.dataSource);

		Map<String, String> types = jdbi.withHandle(handle -> handle
			.createQuery("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = :schema AND table_name = :table")
			.bind("schema", this.schema)
			.bind("table", table)
			.map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
		String indexes = jdbi.withHandle(handle -> handle
			.createQuery("SELECT string_agg(indexdef, ';') FROM pg_indexes WHERE schemaname = :schema AND tablename = :table")
			.bind("schema", this.schema)
			.bind("table", table)
			.mapTo(String.class)
			.one());

		assertThat(types).containsEntry("client_info", "jsonb")
			.containsEntry("client_capabilities", "jsonb")
			.containsEntry("attributes", "jsonb")
			.containsEntry("created_at", "timestamp with time zone")
			.containsEntry("last_accessed_at", "timestamp with time zone")
			.containsEntry("expires_at", "timestamp with time zone");
		assertThat(indexes).contains("(id)").contains("(expires_at)");
	}

}
