package io.github.mcpsessions.examples;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The example jar running as a child process, as a user runs it. */
final class ExampleProcess implements AutoCloseable {

	static final Path JAR = Path.of(System.getProperty("example.jar", "target/mcp-sessions-example.jar"));

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;

	private final Path log;

	private final int port;

	private ExampleProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/** Starts the jar with {@code options} on {@code port} and waits until {@code /health} answers 200 (ready). */
	static ExampleProcess start(int port, Path logFolder, List<String> options) throws IOException {
		return launch(port, logFolder, options, 200);
	}

	/**
	 * Starts the jar and waits until {@code /health} answers at all (whatever its status), as a
	 * replica whose store is down answers 503 (DOWN) while it waits for it.
	 */
	static ExampleProcess startNotReady(int port, Path logFolder, List<String> options) throws IOException {
		return launch(port, logFolder, options, -1);
	}

	private static ExampleProcess launch(int port, Path logFolder, List<String> options, int healthStatus)
			throws IOException {
		List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", JAR.toString(), "--port",
				Integer.toString(port)));
		command.addAll(options);
		if (!options.contains("--warm-up")) {
			// Tests start many processes and measure none: no warm-up unless a test asks for it.
			command.addAll(List.of("--warm-up", "off"));
		}
		Path log = Files.createTempFile(logFolder, "example-", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		ExampleProcess example = new ExampleProcess(process, log, port);
		try {
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
				if (!process.isAlive()) {
					throw new AssertionError("the example exited at start:\n" + example.output());
				}
				int status = example.get("/health").statusCode();
				return healthStatus < 0 || status == healthStatus;
			});
		}
		catch (RuntimeException | AssertionError ex) {
			process.destroyForcibly();
			throw new AssertionError("The example did not start:\n" + example.output(), ex);
		}
		return example;
	}

	/** Runs the jar with {@code options} to its end; returns its exit code and output. */
	static Result run(List<String> options) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", JAR.toString()));
		command.addAll(options);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		return new Result(process.waitFor(), output);
	}

	record Result(int exitCode, String output) {
	}

	int port() {
		return this.port;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	long pid() {
		return this.process.pid();
	}

	String mcpUrl() {
		return "http://127.0.0.1:" + this.port + "/mcp";
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	String output() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no output: " + ex + ")";
		}
	}

	/**
	 * SIGTERM, as a deploy sends it, then waits for the process to drain and exit.
	 * @return its exit code
	 */
	int terminate(Duration within) throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly();
			throw new AssertionError("The example did not exit within " + within + " of SIGTERM:\n" + output());
		}
		return this.process.exitValue();
	}

	/** kill -9: no shutdown hook runs, nothing is flushed. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	@Override
	public void close() throws InterruptedException {
		kill();
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
