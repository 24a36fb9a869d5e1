package io.github.mcpsessions.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk as the load driver, in a process of its own (a C client costs the server's cores far less
 * than a Java one): POSTs one JSON-RPC body under session ids from a list (or none). Needs
 * {@code wrk} on the PATH ({@code apt-get install wrk}).
 */
final class Wrk {

	/** In an id list, stands for "no session" (an {@code initialize}). */
	static final String NO_SESSION = "-";

	private static final Pattern RESULT = Pattern.compile("WRK-RESULT (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+)");

	private Wrk() {
	}

	/** What one wrk run achieved. */
	record Result(long requests, double seconds, double p50Millis, double p99Millis, long non2xx, long socketErrors) {

		double perSecond() {
			return this.requests / this.seconds;
		}

		@Override
		public String toString() {
			return String.format("%.0f req/s, p50 %.2f ms, p99 %.2f ms%s", perSecond(), this.p50Millis, this.p99Millis,
					this.non2xx + this.socketErrors > 0
							? String.format(" (%d non-2xx, %d socket errors)", this.non2xx, this.socketErrors) : "");
		}

	}

	/** {@code connections} connections POST {@code body} for {@code duration}, cycling through {@code ids}. */
	static Result load(String url, int connections, Duration duration, Collection<String> ids, String body) {
		return run(url, connections, duration, ids, body, false);
	}

	/** {@code connections} connections POST {@code body} once under each of {@code ids}, then stop. */
	static Result drain(String url, int connections, Collection<String> ids, String body) {
		return run(url, connections, Duration.ofMinutes(10), ids, body, true);
	}

	/** Like {@link #drain}, but for {@code duration} at most: the first seconds of a storm. */
	static Result drainFor(String url, int connections, Duration duration, Collection<String> ids, String body) {
		return run(url, connections, duration, ids, body, true);
	}

	private static Result run(String url, int connections, Duration duration, Collection<String> ids, String body,
			boolean once) {
		int threads = Math.min(2, connections);
		try {
			Path script = Files.createTempFile("wrk-sessions", ".lua");
			Path idFile = Files.createTempFile("wrk-ids", ".txt");
			try {
				try (InputStream source = Wrk.class.getResourceAsStream("/wrk/sessions.lua")) {
					Files.write(script, source.readAllBytes());
				}
				Files.write(idFile, ids, StandardCharsets.US_ASCII);
				List<String> command = List.of("wrk", "-t" + threads, "-c" + connections, "-d" + duration.toSeconds() + "s",
						"--timeout", "30s", "-s", script.toString(), url, "--", idFile.toString(), Integer.toString(threads),
						body, once ? "once" : "cycle");
				Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
				StringBuilder output = new StringBuilder();
				int threadsDone = 0;
				try (BufferedReader lines = new BufferedReader(
						new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
					for (String line = lines.readLine(); line != null; line = lines.readLine()) {
						output.append(line).append('\n');
						if (line.equals("WRK-THREAD-DONE") && ++threadsDone == threads) {
							// wrk sleeps out its duration even when every thread stopped: SIGINT ends it now.
							new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
						}
					}
				}
				process.waitFor();
				Matcher matcher = RESULT.matcher(output);
				if (!matcher.find()) {
					throw new IllegalStateException("wrk gave no result: " + output);
				}
				return new Result(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)) / 1e6,
						Long.parseLong(matcher.group(3)) / 1e3, Long.parseLong(matcher.group(4)) / 1e3,
						Long.parseLong(matcher.group(5)), Long.parseLong(matcher.group(6)));
			}
			finally {
				Files.deleteIfExists(script);
				Files.deleteIfExists(idFile);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not run wrk (apt-get install wrk)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
