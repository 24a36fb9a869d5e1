package io.github.mcpsessions.internal.startup;

import java.lang.reflect.Method;

import javax.sql.DataSource;

/**
 * The JDBC URL a pool was configured with, read from its getter without connecting: how a store
 * part built while its database is down still knows which database it will talk to.
 */
public final class DataSourceUrls {

	private static final String[] GETTERS = { "getJdbcUrl", "getUrl", "getURL" };

	private DataSourceUrls() {
	}

	/** The {@code jdbc:} URL of {@code source}'s {@code getJdbcUrl}, {@code getUrl} or {@code getURL}, or {@code null}. */
	public static String jdbcUrlOf(DataSource source) {
		for (String getter : GETTERS) {
			try {
				Method method = source.getClass().getMethod(getter);
				if (method.getReturnType() == String.class && method.getParameterCount() == 0
						&& method.invoke(source) instanceof String url && url.startsWith("jdbc:")) {
					return url;
				}
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				// no such getter, or not accessible
			}
		}
		return null;
	}

}
