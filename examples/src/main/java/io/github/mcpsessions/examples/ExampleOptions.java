package io.github.mcpsessions.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The example server's settings, from command-line options over environment variables over
 * defaults. A bad value is an {@link OptionException} whose message names the option.
 */
record ExampleOptions(String host, int port, StoreKind store, Path dataDir, String jdbcUrl, String redisUrl,
		Duration sessionTtl, boolean persistence, String sessionIdSecret, Duration drainPeriod, Duration drainTimeout,
		Era era, boolean resumableStreams, Duration taskLease, Duration taskInlineWindow, boolean quartzTasks,
		Duration requireReadyAtStart, Duration warmUp) {

	/** Which MCP eras the endpoint serves. */
	enum Era {

		/** Clients of 2025-11-25 and earlier (sessions) and of 2026-07-28, on one endpoint. */
		BOTH,

		/** Session-era clients only. */
		SESSION,

		/** 2026-07-28 clients only; with {@code --persistence off}, the SDK's 2026-07-28 server as it comes. */
		MODERN;

		static Era parse(String value) {
			return switch (value) {
				case "both" -> BOTH;
				case "session" -> SESSION;
				case "2026-07-28" -> MODERN;
				default -> throw new IllegalArgumentException("must be both, session or 2026-07-28");
			};
		}

	}

	/** Which session store the example uses. */
	enum StoreKind {

		H2, POSTGRES, REDIS, MEMORY;

		static StoreKind parse(String value) {
			try {
				return valueOf(value.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("must be h2, postgres, redis or memory");
			}
		}

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** One option: its flag, environment variable, default and meaning, in the order {@code --help} prints them. */
	private record Option(String flag, String variable, String defaultValue, String help) {
	}

	private static final List<Option> OPTIONS = List.of(
			new Option("--port", "MCP_SESSIONS_PORT", "8080", "HTTP port; the MCP endpoint is /mcp"),
			new Option("--host", "MCP_SESSIONS_HOST", "127.0.0.1", "address to listen on; 0.0.0.0 for all"),
			new Option("--store", "MCP_SESSIONS_STORE", "h2", "session store: h2, postgres, redis or memory"),
			new Option("--data-dir", "MCP_SESSIONS_DATA_DIR", "./data", "folder of the h2 database files"),
			new Option("--jdbc-url", "MCP_SESSIONS_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres",
					"PostgreSQL to use with --store postgres"),
			new Option("--redis-url", "MCP_SESSIONS_REDIS_URL", "redis://127.0.0.1:6379", "Redis to use with --store redis"),
			new Option("--session-ttl", "MCP_SESSIONS_SESSION_TTL", "PT24H",
					"idle time after which a session expires (ISO-8601 duration)"),
			new Option("--session-id-secret", "MCP_SESSIONS_SESSION_ID_SECRET", "",
					"sign session ids with this secret (32+ characters, the same on every replica); empty: unsigned"),
			new Option("--drain-period", "MCP_SESSIONS_DRAIN_PERIOD", "PT5S",
					"on SIGTERM, how long /health answers 503 while requests are still served, so load balancers stop routing here"),
			new Option("--drain-timeout", "MCP_SESSIONS_DRAIN_TIMEOUT", "PT30S",
					"then, how long requests in flight may take to finish before the server stops"),
			new Option("--persistence", "MCP_SESSIONS_PERSISTENCE", "on",
					"off serves with the plain SDK provider, sessions in RAM only (for comparisons)"),
			new Option("--era", "MCP_SESSIONS_ERA", "both",
					"which MCP clients the endpoint serves: both (2025-11-25 and earlier, and 2026-07-28), session or 2026-07-28"),
			new Option("--resumable-streams", "MCP_SESSIONS_RESUMABLE_STREAMS", "off",
					"on stores SSE events beside the sessions, so a client resumes a broken stream with Last-Event-ID on any replica"),
			new Option("--task-lease", "MCP_SESSIONS_TASK_LEASE", "PT10S",
					"how long a replica's claim on its running tasks lasts unrenewed: a killed replica's tasks fail this long after it died"),
			new Option("--task-inline-window", "MCP_SESSIONS_TASK_INLINE_WINDOW", "PT0.1S",
					"how long a task-supporting call may take before it becomes a task; PT0S: always a task"),
			new Option("--task-engine", "MCP_SESSIONS_TASK_ENGINE", "pool",
					"where tasks run: pool (the replica that created them) or quartz (any replica, Quartz clustered on --store postgres; export runs again if its replica dies)"),
			new Option("--require-ready-at-start", "MCP_SESSIONS_REQUIRE_READY_AT_START", "off",
					"fail fast: exit (code 1) if the store is not reachable within this time (e.g. PT10S); off: start without it, /health DOWN and MCP 503 until it answers"),
			new Option("--warm-up", "MCP_SESSIONS_WARM_UP", "PT6S",
					"once the store answers, call this server's own endpoint for this long (initialize, tools, restore, delete) before /health says UP; off: ready at once"));

	private static boolean onOff(String text) {
		return switch (text) {
			case "on" -> true;
			case "off" -> false;
			default -> throw new IllegalArgumentException("must be on or off");
		};
	}

	static ExampleOptions parse(String[] args, Map<String, String> environment) {
		Map<String, String> values = new LinkedHashMap<>();
		for (Option option : OPTIONS) {
			values.put(option.flag(), environment.getOrDefault(option.variable(), option.defaultValue()));
		}
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
			if (!values.containsKey(flag)) {
				throw new OptionException("Unknown option '" + arg + "'; see --help");
			}
			if (arg.contains("=")) {
				values.put(flag, arg.substring(arg.indexOf('=') + 1));
			}
			else if (i + 1 < args.length) {
				values.put(flag, args[++i]);
			}
			else {
				throw new OptionException("Option " + flag + " needs a value; see --help");
			}
		}
		int port = value(values, "--port", text -> {
			int number = Integer.parseInt(text);
			if (number < 0 || number > 65535) {
				throw new IllegalArgumentException("must be a port number from 0 to 65535");
			}
			return number;
		});
		Duration ttl = value(values, "--session-ttl", ExampleOptions::positiveDuration);
		Duration drainPeriod = value(values, "--drain-period", ExampleOptions::notNegativeDuration);
		Duration drainTimeout = value(values, "--drain-timeout", ExampleOptions::notNegativeDuration);
		Duration taskLease = value(values, "--task-lease", ExampleOptions::positiveDuration);
		Duration taskInlineWindow = value(values, "--task-inline-window", ExampleOptions::notNegativeDuration);
		boolean quartzTasks = value(values, "--task-engine", text -> switch (text) {
			case "pool" -> false;
			case "quartz" -> true;
			default -> throw new IllegalArgumentException("must be pool or quartz");
		});
		Duration requireReady = value(values, "--require-ready-at-start",
				text -> "off".equals(text) ? null : positiveDuration(text));
		Duration warmUp = value(values, "--warm-up", text -> "off".equals(text) ? null : positiveDuration(text));
		String jdbcUrl = value(values, "--jdbc-url", text -> {
			if (!text.startsWith("jdbc:postgresql:")) {
				throw new IllegalArgumentException("must be a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db?user=...)");
			}
			return text;
		});
		String redisUrl = value(values, "--redis-url", text -> {
			if (!text.startsWith("redis://") && !text.startsWith("rediss://")) {
				throw new IllegalArgumentException("must be a Redis URL (redis://host:6379 or rediss://...)");
			}
			return text;
		});
		boolean persistence = value(values, "--persistence", ExampleOptions::onOff);
		String secret = value(values, "--session-id-secret", text -> {
			if (!text.isEmpty() && text.length() < 32) {
				throw new IllegalArgumentException("must be at least 32 characters, or empty for unsigned ids");
			}
			return text.isEmpty() ? null : text;
		});
		if (quartzTasks && !"postgres".equals(values.get("--store"))) {
			throw new OptionException("--task-engine quartz needs --store postgres (Quartz keeps its jobs in the same database)");
		}
		return new ExampleOptions(values.get("--host"), port, value(values, "--store", StoreKind::parse),
				value(values, "--data-dir", Path::of), jdbcUrl, redisUrl, ttl, persistence, secret, drainPeriod, drainTimeout,
				value(values, "--era", Era::parse), value(values, "--resumable-streams", ExampleOptions::onOff), taskLease,
				taskInlineWindow, quartzTasks, requireReady, warmUp);
	}

	private static Duration positiveDuration(String text) {
		Duration duration = Duration.parse(text);
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("must be positive");
		}
		return duration;
	}

	private static Duration notNegativeDuration(String text) {
		Duration duration = Duration.parse(text);
		if (duration.isNegative()) {
			throw new IllegalArgumentException("must not be negative");
		}
		return duration;
	}

	private static <T> T value(Map<String, String> values, String flag, Function<String, T> parser) {
		String text = values.get(flag);
		try {
			return parser.apply(text.strip());
		}
		catch (NumberFormatException | DateTimeParseException ex) {
			throw new OptionException("Bad value '" + text + "' for " + flag + ": not "
					+ (ex instanceof NumberFormatException ? "a number" : "an ISO-8601 duration such as PT24H or PT30M"));
		}
		catch (RuntimeException ex) {
			throw new OptionException("Bad value '" + text + "' for " + flag + ": " + ex.getMessage());
		}
	}

	static String help(String name) {
		String newline = System.lineSeparator();
		StringBuilder help = new StringBuilder(name)
			.append(": an MCP server whose sessions survive restarts and are shared by replicas.").append(newline)
			.append(newline)
			.append("Usage: java -jar examples/target/").append(name).append(".jar [options]").append(newline)
			.append(newline)
			.append("Options (each also read from its environment variable; options win):").append(newline);
		for (Option option : OPTIONS) {
			help.append(String.format("  %-14s %-26s %s (default %s)%n", option.flag() + " X", option.variable(), option.help(),
					option.defaultValue()));
		}
		help.append(String.format("  %-17s %-26s %s%n", "--help", "", "print this and exit"));
		help.append(System.lineSeparator()).append("Endpoints: /mcp, /health, /metrics.").append(System.lineSeparator());
		return help.toString();
	}

	/** A bad command line or setting; its message is the one line the server prints before it exits. */
	static final class OptionException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		OptionException(String message) {
			super(message);
		}

	}

}
