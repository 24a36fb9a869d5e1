package io.github.mcpsessions.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.UnreadableRecordException;

/** Reads one row of the session table into a record. */
final class SessionRowMapper implements RowMapper<McpSessionRecord> {

	private final SessionTable table;

	private final AttributesJson json;

	SessionRowMapper(SessionTable table, AttributesJson json) {
		this.table = table;
		this.json = json;
	}

	/** A row this library did not write as it is throws {@link UnreadableRecordException}; a failing connection throws {@link SQLException}. */
	@Override
	public McpSessionRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
		String id = rs.getString("id");
		try {
			return read(rs, id);
		}
		catch (RuntimeException ex) {
			throw new UnreadableRecordException(id, ex.getClass().getSimpleName(), ex);
		}
	}

	private McpSessionRecord read(ResultSet rs, String id) throws SQLException {
		return new McpSessionRecord(rs.getInt("format_version"), id, rs.getString("protocol_version"),
				rs.getString("client_info"), rs.getString("client_capabilities"), rs.getString("owner"),
				this.table.readTimestamp(rs, "created_at"), this.table.readTimestamp(rs, "last_accessed_at"),
				this.table.readTimestamp(rs, "expires_at"), this.json.read(rs.getString("attributes")));
	}

}
