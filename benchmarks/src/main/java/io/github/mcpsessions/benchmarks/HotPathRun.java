package io.github.mcpsessions.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The hot path with an external load driver: {@code tools/call test_simple_text} on held sessions,
 * wrk in its own process ({@link Wrk}), each server (the conformance jar, {@link ServerProcess}) in
 * its own JVM, started and warmed up, then measured in alternating rounds; medians of the rounds are
 * compared with the plain SDK, and so are the rounds one by one (each server's round against the
 * plain SDK's round beside it, which cancels the machine's slow drifts). Unlike {@link SteadyStateRun},
 * no Java client shares the ratio.
 *
 * <p>Each round also reads the server process's CPU time per call (from the operating system, all
 * its threads, JIT and GC too): a cost other processes on the machine barely move, unlike the rate,
 * and whose inverse ratio is the throughput ratio once the server's cores are busy. Two JVMs of the
 * same server differ by a few percent (what their JIT compilers made of the warm-up), so with
 * {@code jvms} above one every server is started that many times, in turn, and the rounds of all
 * its JVMs are pooled.
 *
 * <p>Arguments: {@code [servers=plain,postgres,redis] [connections=1,8,32] [rounds=5] [seconds=10]
 * [jvms=1] [server jar=examples/target/mcp-sessions-conformance.jar]}; the first server is the
 * baseline; rounds are per JVM. A server written {@code mode@path.jar} runs that mode from another
 * build's conformance jar, so a change is measured against the build before it in the same run.
 *
 * <p>With {@code -Dhotpath.paired=true} each server's round runs at the same time as a round of the
 * baseline, each under its own wrk: both meet the same seconds of the machine (its drifts, its
 * neighbours), so the ratio of the pair is free of drift, at the price of the two servers sharing the
 * cores. The baseline's row is then its rounds beside the second server.
 */
public final class HotPathRun {

	private HotPathRun() {
	}

	public static void main(String[] args) throws Exception {
		String[] modes = SteadyStateRun.arg(args, 0, "plain,postgres,redis").split(",");
		int[] levels = java.util.Arrays.stream(SteadyStateRun.arg(args, 1, "1,8,32").split(","))
			.mapToInt(Integer::parseInt)
			.toArray();
		int rounds = Integer.parseInt(SteadyStateRun.arg(args, 2, "5"));
		Duration length = Duration.ofSeconds(Long.parseLong(SteadyStateRun.arg(args, 3, "10")));
		int jvms = Integer.parseInt(SteadyStateRun.arg(args, 4, "1"));
		boolean paired = Boolean.getBoolean("hotpath.paired");
		if (paired && modes.length < 2) {
			throw new IllegalArgumentException("a paired run needs a baseline and at least one other server");
		}
		Path jar = Path.of(SteadyStateRun.arg(args, 5, "examples/target/mcp-sessions-conformance.jar"));
		System.out.printf("hot path: %d cores, %s %s, servers %s, %d JVM(s) each, %d rounds of %ds per JVM, driver wrk%s%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
				System.getProperty("java.version"), String.join(",", modes), jvms, rounds, length.toSeconds(),
				paired ? ", each round beside a round of the first server (paired)" : "");
		String body = Http.toolCall(1, "test_simple_text", "x");
		Map<Integer, Map<String, List<Round>>> results = new LinkedHashMap<>();
		for (int jvm = 0; jvm < jvms; jvm++) {
			Map<String, ServerProcess> servers = new LinkedHashMap<>();
			Map<String, List<String>> sessions = new LinkedHashMap<>();
			try {
				java.util.Set<String> emptied = new java.util.HashSet<>();
				for (String mode : modes) {
					// Two builds over one store share it: emptying it again would drop the first one's sessions.
					if (emptied.add(storeMode(mode))) {
						ServerProcess.resetStore(storeMode(mode));
					}
					ServerProcess server = ServerProcess.start(jarOf(mode, jar), storeMode(mode));
					servers.put(mode, server);
					Http http = new Http();
					List<String> ids = new ArrayList<>();
					for (int i = 0; i < 32; i++) {
						ids.add(http.initialize(server.url()));
					}
					sessions.put(mode, ids);
					Wrk.load(server.url(), 8, Duration.ofSeconds(20), ids, body);
				}
				for (int connections : levels) {
					Map<String, List<Round>> level = results.computeIfAbsent(connections, c -> new LinkedHashMap<>());
					for (int r = 0; r < rounds; r++) {
						if (paired) {
							for (int m = 1; m < modes.length; m++) {
								ServerProcess base = servers.get(modes[0]);
								var baseRound = CompletableFuture.supplyAsync(
										() -> round(base, connections, length, sessions.get(modes[0]), body));
								Round round = round(servers.get(modes[m]), connections, length, sessions.get(modes[m]), body);
								level.computeIfAbsent(modes[m], key -> new ArrayList<>()).add(round);
								level.computeIfAbsent(pairedBaseline(modes[0], modes[m]), key -> new ArrayList<>())
									.add(baseRound.join());
							}
							continue;
						}
						List<String> order = new ArrayList<>(List.of(modes));
						if (r % 2 == 1) {
							Collections.reverse(order);
						}
						for (String mode : order) {
							level.computeIfAbsent(mode, m -> new ArrayList<>())
								.add(round(servers.get(mode), connections, length, sessions.get(mode), body));
						}
					}
				}
			}
			finally {
				for (ServerProcess server : servers.values()) {
					server.close();
				}
			}
		}
		System.out.println("| connections | server | req/s (median) | ratio of medians | median of round ratios "
				+ "| server CPU µs/call (median) | CPU/call ratio (median of round ratios) | p50 ms | p99 ms | rounds req/s |");
		System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
		results.forEach((connections, level) -> {
			for (String mode : modes) {
				List<Round> baseline = level.get(paired ? pairedBaseline(modes[0], mode.equals(modes[0]) ? modes[1] : mode)
						: modes[0]);
				List<Round> measured = mode.equals(modes[0]) ? baseline : level.get(mode);
				Wrk.Result median = median(measured, round -> round.result().perSecond()).result();
				List<Double> rateRatios = new ArrayList<>();
				List<Double> cpuRatios = new ArrayList<>();
				for (int r = 0; r < measured.size(); r++) {
					rateRatios.add(measured.get(r).result().perSecond() / baseline.get(r).result().perSecond());
					cpuRatios.add(measured.get(r).cpuMicrosPerCall() / baseline.get(r).cpuMicrosPerCall());
				}
				System.out.printf("| %d | %s | %.0f | %.3f | %.3f | %.1f | %.3f | %.3f | %.3f | %s |%n", connections, mode,
						median.perSecond(),
						median.perSecond() / median(baseline, round -> round.result().perSecond()).result().perSecond(),
						median(rateRatios), median(measured, Round::cpuMicrosPerCall).cpuMicrosPerCall(),
						median(cpuRatios), median.p50Millis(), median.p99Millis(),
						measured.stream().map(x -> String.format("%.0f", x.result().perSecond())).toList());
			}
		});
		System.exit(0);
	}

	/** One round of wrk against {@code server}, with the CPU time the server's process used per call. */
	private static Round round(ServerProcess server, int connections, Duration length, List<String> ids, String body) {
		Duration cpuBefore = server.cpuTime();
		Wrk.Result result = Wrk.load(server.url(), connections, length, ids.subList(0, connections), body);
		Duration cpu = server.cpuTime().minus(cpuBefore);
		return new Round(result, cpu.toNanos() / 1_000.0 / result.requests());
	}

	/** Where the baseline's rounds run beside {@code mode}'s are kept in a paired run. */
	private static String pairedBaseline(String baseline, String mode) {
		return baseline + " beside " + mode;
	}

	/** The store mode of a server argument: {@code memory}, or {@code memory} of {@code memory@/path/to/other.jar}. */
	static String storeMode(String server) {
		int at = server.indexOf('@');
		return at < 0 ? server : server.substring(0, at);
	}

	/** The jar a server argument names after {@code @} (another build, for a before/after run), else {@code jar}. */
	static Path jarOf(String server, Path jar) {
		int at = server.indexOf('@');
		return at < 0 ? jar : Path.of(server.substring(at + 1));
	}

	/** One round against one server: the load driver's figures and the server's CPU time per call. */
	private record Round(Wrk.Result result, double cpuMicrosPerCall) {
	}

	private static Round median(List<Round> rounds, java.util.function.ToDoubleFunction<Round> by) {
		List<Round> sorted = new ArrayList<>(rounds);
		sorted.sort(Comparator.comparingDouble(by));
		return sorted.get(sorted.size() / 2);
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Comparator.naturalOrder());
		return sorted.get(sorted.size() / 2);
	}

}
