package io.github.mcpsessions.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a deploy costs, with the server in a process of its own (the conformance server jar, a
 * fresh JVM each time, see {@link ServerProcess}) and wrk as the load driver in another
 * ({@link Wrk}): {@code initialize} throughput at 8 and 32 connections per store beside the plain
 * SDK, and the restore storm after {@code kill -9}: every stored session sends its first request
 * to a fresh JVM, 32 at a time, beside the plain SDK answering as many {@code initialize} requests
 * on a fresh JVM. Sessions are seeded (untimed) by this process's own client.
 *
 * <p>Part {@code ready} measures as a load balancer routes: from the moment {@code /health} says ready,
 * the storm's first 3 s (each stored session's first request, 32 connections) with the example's
 * warm-up off and on, beside the plain SDK's {@code initialize} on a fresh JVM over the same 3 s, and
 * each server's time from process start to ready ({@code -Dbench.warmups=off,PT3S,PT6S} for other warm-ups).
 *
 * <p>Arguments: {@code [part=all|initialize|storm|ready] [stores=h2,postgres,redis] [storm sizes=10000,100000]
 * [server jar=examples/target/mcp-sessions-conformance.jar]}; {@code -Dbench.server.jvm="..."} adds JVM
 * options to the server process (a JFR recording, say).
 */
public final class DeployStormRun {

	private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
			+ "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"storm\",\"version\":\"1\"}}}";

	private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{"
			+ "\"name\":\"test_simple_text\",\"arguments\":{}}}";

	private final Path jar;

	private DeployStormRun(Path jar) {
		this.jar = jar;
	}

	public static void main(String[] args) throws Exception {
		String part = SteadyStateRun.arg(args, 0, "all");
		String[] stores = SteadyStateRun.arg(args, 1, "h2,postgres,redis").split(",");
		String[] sizes = SteadyStateRun.arg(args, 2, "10000,100000").split(",");
		DeployStormRun run = new DeployStormRun(Path.of(SteadyStateRun.arg(args, 3, "examples/target/mcp-sessions-conformance.jar")));
		System.out.printf("deploy storm: %d cores, %s %s, server %s, driver wrk%n", Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.vm.name"), System.getProperty("java.version"), run.jar);
		if ("ready".equals(part)) {
			for (String size : sizes) {
				run.stormAfterReady(stores, Integer.parseInt(size));
			}
			System.exit(0);
		}
		if (!"storm".equals(part)) {
			run.initializeThroughput(stores);
		}
		if (!"initialize".equals(part)) {
			for (String size : sizes) {
				run.restoreStorm(stores, Integer.parseInt(size));
			}
		}
		System.exit(0);
	}

	private void initializeThroughput(String[] stores) throws Exception {
		System.out.println("| server | initialize/s, 8 connections | ratio | p99 ms | initialize/s, 32 connections | ratio | p99 ms |");
		System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
		Wrk.Result[] plain = null;
		List<String> modes = new ArrayList<>(List.of("plain"));
		modes.addAll(List.of(stores));
		List<String> noSession = List.of(Wrk.NO_SESSION);
		for (String mode : modes) {
			ServerProcess.resetStore(mode);
			try (ServerProcess server = ServerProcess.start(this.jar, mode)) {
				Wrk.load(server.url(), 8, Duration.ofSeconds(15), noSession, INITIALIZE);
				Wrk.Result eight = Wrk.load(server.url(), 8, Duration.ofSeconds(10), noSession, INITIALIZE);
				Wrk.Result thirtyTwo = Wrk.load(server.url(), 32, Duration.ofSeconds(10), noSession, INITIALIZE);
				if (plain == null) {
					plain = new Wrk.Result[] { eight, thirtyTwo };
				}
				System.out.printf("| %s | %.0f | %.2f | %.1f | %.0f | %.2f | %.1f |%n", mode, eight.perSecond(),
						eight.perSecond() / plain[0].perSecond(), eight.p99Millis(), thirtyTwo.perSecond(),
						thirtyTwo.perSecond() / plain[1].perSecond(), thirtyTwo.p99Millis());
			}
		}
	}

	private void restoreStorm(String[] stores, int sessions) throws Exception {
		Wrk.Result plain;
		try (ServerProcess server = ServerProcess.start(this.jar, "plain")) {
			plain = Wrk.drain(server.url(), 32, Collections.nCopies(sessions, Wrk.NO_SESSION), INITIALIZE);
		}
		System.out.printf("%nrestore storm, %,d sessions, 32 connections, fresh JVM after kill -9%n", sessions);
		System.out.println("| server | first requests/s | ratio | p50 ms | p99 ms | all served after s |");
		System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
		System.out.printf("| plain SDK, initialize | %.0f | 1.00 | %.1f | %.1f | %.1f |%s%n", plain.perSecond(),
				plain.p50Millis(), plain.p99Millis(), plain.seconds(), failures(plain));
		for (String store : stores) {
			if ("h2".equals(store)) {
				continue;
			}
			ServerProcess.resetStore(store);
			ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
			try (ServerProcess first = ServerProcess.start(this.jar, store)) {
				seed(first.url(), sessions, ids);
				first.kill();
			}
			try (ServerProcess second = ServerProcess.start(this.jar, store)) {
				Wrk.Result storm = Wrk.drain(second.url(), 32, ids, CALL);
				System.out.printf("| %s, restore | %.0f | %.2f | %.1f | %.1f | %.1f |%s%n", store, storm.perSecond(),
						storm.perSecond() / plain.perSecond(), storm.p50Millis(), storm.p99Millis(), storm.seconds(),
						failures(storm));
			}
		}
	}

	private void stormAfterReady(String[] stores, int sessions) throws Exception {
		Duration window = Duration.ofSeconds(3);
		System.out.printf("%nfirst %d s after /health says ready, %,d stored sessions, 32 connections, fresh JVM after kill -9;"
				+ " each row beside a plain SDK server started just before it (fresh JVM, initialize)%n", window.toSeconds(),
				sessions);
		System.out.println("| server | start to ready s | first requests/s | p50 ms | p99 ms | plain: start to ready s | plain initialize/s | plain p99 ms | ratio |");
		System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
		for (String store : stores) {
			if ("h2".equals(store)) {
				continue;
			}
			for (String warmUp : System.getProperty("bench.warmups", "off,PT3S").split(",")) {
				ServerProcess.resetStore(store);
				ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
				try (ServerProcess first = ServerProcess.start(this.jar, store, List.of("--warm-up", "off"))) {
					seed(first.url(), sessions, ids);
					first.kill();
				}
				long started = System.nanoTime();
				Wrk.Result plain;
				long plainReady;
				try (ServerProcess server = ServerProcess.start(this.jar, "plain")) {
					plainReady = (System.nanoTime() - started) / 1_000_000;
					plain = Wrk.load(server.url(), 32, window, List.of(Wrk.NO_SESSION), INITIALIZE);
				}
				long start = System.nanoTime();
				try (ServerProcess second = ServerProcess.start(this.jar, store, List.of("--warm-up", warmUp))) {
					long ready = (System.nanoTime() - start) / 1_000_000;
					Wrk.Result storm = Wrk.drainFor(second.url(), 32, window, ids, CALL);
					System.out.printf("| %s, restore, warm-up %s | %.1f | %.0f | %.1f | %.1f | %.1f | %.0f | %.1f | %.2f |%s%s%n",
							store, warmUp, ready / 1000.0, storm.perSecond(), storm.p50Millis(), storm.p99Millis(),
							plainReady / 1000.0, plain.perSecond(), plain.p99Millis(), storm.perSecond() / plain.perSecond(),
							failures(storm), failures(plain));
				}
			}
		}
	}

	private static String failures(Wrk.Result result) {
		return result.non2xx() + result.socketErrors() == 0 ? ""
				: String.format(" %d non-2xx, %d socket errors", result.non2xx(), result.socketErrors());
	}

	/** Opens {@code total} sessions with 32 clients of this process, untimed. */
	private static void seed(String url, int total, ConcurrentLinkedQueue<String> ids) throws InterruptedException {
		AtomicInteger next = new AtomicInteger();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < 32; i++) {
			Http http = new Http();
			threads.add(new Thread(() -> {
				while (next.getAndIncrement() < total) {
					ids.add(http.initialize(url));
				}
			}));
		}
		threads.forEach(Thread::start);
		for (Thread thread : threads) {
			thread.join();
		}
	}

}
