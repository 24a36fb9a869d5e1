package io.github.mcpsessions.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PositionalSqlTest {

	@Test
	void namedParametersBecomeQuestionMarksInOrder() {
		PositionalSql sql = PositionalSql.of("UPDATE t SET a = :first, b = CAST(:second AS jsonb) WHERE id = :id");

		assertThat(sql.sql()).isEqualTo("UPDATE t SET a = ?, b = CAST(? AS jsonb) WHERE id = ?");
		assertThat(sql.names()).containsExactly("first", "second", "id");
	}

	@Test
	void theValuesRowIsRepeatedForManyRowsInEveryDialect() {
		for (SqlDialect dialect : SqlDialect.values()) {
			PositionalSql one = PositionalSql.of(new SessionTable(dialect, "mcp_session").upsert);
			PositionalSql three = one.withRows(3);

			assertThat(three.names()).hasSize(one.names().size() * 3);
			assertThat(three.names().subList(0, one.names().size())).isEqualTo(one.names());
			assertThat(count(three.sql(), '?')).isEqualTo(3 * count(one.sql(), '?'));
			assertThat(three.sql()).startsWith(one.sql().substring(0, one.sql().indexOf("VALUES (")));
		}
		assertThat(PositionalSql.of("INSERT INTO t (a, b) VALUES (:a, CAST(:b AS jsonb)) ON CONFLICT (a) DO NOTHING")
			.withRows(2)
			.sql()).isEqualTo("INSERT INTO t (a, b) VALUES (?, CAST(? AS jsonb)), (?, CAST(? AS jsonb)) ON CONFLICT (a) DO NOTHING");
	}

	private static long count(String text, char c) {
		return text.chars().filter(x -> x == c).count();
	}

}
