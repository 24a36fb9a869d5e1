package io.github.mcpsessions.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import io.github.mcpsessions.repository.McpSessionRecord;

/** Reads one row of the session table into a record. */
final class SessionRowMapper implements RowMapper<McpSessionRecord> {

	private final SessionTable table;

	private final AttributesJson json;

	SessionRowMapper(SessionTable table, AttributesJson json) {
		this.table = table;
		this.json = json;
	}

	@Override
	public McpSessionRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
		return new McpSessionRecord(rs.getInt("format_version"), rs.getString("id"), rs.getString("protocol_version"),
				rs.getString("client_info"), rs.getString("client_capabilities"), rs.getString("owner"),
				this.table.readTimestamp(rs, "created_at"), this.table.readTimestamp(rs, "last_accessed_at"),
				this.table.readTimestamp(rs, "expires_at"), this.json.read(rs.getString("attributes")));
	}

}
