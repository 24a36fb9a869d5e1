/**
 * PostgreSQL (and H2) session repository on JDBI and HikariCP. Not built yet: see issue 3.
 */
package io.github.mcpsessions.jdbc;
