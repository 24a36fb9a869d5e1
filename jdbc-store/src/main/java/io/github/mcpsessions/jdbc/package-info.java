/**
 * Session repository on a relational database through JDBI and HikariCP: PostgreSQL first, H2 as
 * the embedded default, MariaDB and MySQL too. Start at {@link io.github.mcpsessions.jdbc.JdbcSessionRepository}.
 */
package io.github.mcpsessions.jdbc;
