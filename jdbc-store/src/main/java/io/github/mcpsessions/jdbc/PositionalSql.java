package io.github.mcpsessions.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement with named parameters ({@code :name}) rewritten for plain JDBC: {@code ?} in their
 * place and the names in order, for the statements run on every request, where a plain
 * {@link java.sql.PreparedStatement} costs less than a JDBI one.
 */
record PositionalSql(String sql, List<String> names) {

	private static final Pattern NAMED = Pattern.compile(":([A-Za-z][A-Za-z0-9]*)");

	/**
	 * This statement with its {@code VALUES (...)} row repeated {@code rows} times, one statement
	 * for many rows; the names repeat with it.
	 */
	PositionalSql withRows(int rows) {
		int values = this.sql.indexOf("VALUES (");
		if (values < 0) {
			throw new IllegalStateException("no VALUES row in " + this.sql);
		}
		int open = values + "VALUES ".length();
		int close = open;
		for (int depth = 0; close < this.sql.length(); close++) {
			char c = this.sql.charAt(close);
			depth += c == '(' ? 1 : c == ')' ? -1 : 0;
			if (depth == 0) {
				break;
			}
		}
		String row = this.sql.substring(open, close + 1);
		StringBuilder sql = new StringBuilder(this.sql.length() + rows * (row.length() + 2));
		sql.append(this.sql, 0, open).append(row);
		List<String> names = new ArrayList<>(this.names.size() * rows);
		names.addAll(this.names);
		for (int i = 1; i < rows; i++) {
			sql.append(", ").append(row);
			names.addAll(this.names);
		}
		sql.append(this.sql, close + 1, this.sql.length());
		return new PositionalSql(sql.toString(), List.copyOf(names));
	}

	static PositionalSql of(String namedSql) {
		List<String> names = new ArrayList<>();
		Matcher matcher = NAMED.matcher(namedSql);
		StringBuilder sql = new StringBuilder();
		while (matcher.find()) {
			names.add(matcher.group(1));
			matcher.appendReplacement(sql, "?");
		}
		matcher.appendTail(sql);
		return new PositionalSql(sql.toString(), List.copyOf(names));
	}

}
