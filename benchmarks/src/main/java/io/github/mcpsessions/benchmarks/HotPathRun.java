package io.github.mcpsessions.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hot path with an external load driver: {@code tools/call test_simple_text} on held sessions,
 * wrk in its own process ({@link Wrk}), each server (the conformance jar, {@link ServerProcess}) in
 * its own JVM, started once and warmed up, then measured in alternating rounds; medians of the
 * rounds are compared with the plain SDK, and so are the rounds one by one (each server's round
 * against the plain SDK's round beside it, which cancels the machine's slow drifts). Unlike {@link SteadyStateRun}, no Java client shares the
 * ratio.
 *
 * <p>Arguments: {@code [servers=plain,postgres,redis] [connections=1,8,32] [rounds=5] [seconds=10]
 * [server jar=examples/target/mcp-sessions-conformance.jar]}; the first server is the baseline.
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
		Duration round = Duration.ofSeconds(Long.parseLong(SteadyStateRun.arg(args, 3, "10")));
		Path jar = Path.of(SteadyStateRun.arg(args, 4, "examples/target/mcp-sessions-conformance.jar"));
		System.out.printf("hot path: %d cores, %s %s, servers %s, %d rounds of %ds, driver wrk%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
				System.getProperty("java.version"), String.join(",", modes), rounds, round.toSeconds());
		String body = Http.toolCall(1, "test_simple_text", "x");
		Map<String, ServerProcess> servers = new LinkedHashMap<>();
		Map<String, List<String>> sessions = new LinkedHashMap<>();
		try {
			for (String mode : modes) {
				ServerProcess.resetStore(mode);
				ServerProcess server = ServerProcess.start(jar, mode);
				servers.put(mode, server);
				Http http = new Http();
				List<String> ids = new ArrayList<>();
				for (int i = 0; i < 32; i++) {
					ids.add(http.initialize(server.url()));
				}
				sessions.put(mode, ids);
				Wrk.load(server.url(), 8, Duration.ofSeconds(20), ids, body);
			}
			System.out.println("| connections | server | req/s (median) | ratio of medians | median of round ratios | p50 ms | p99 ms | rounds req/s |");
			System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |");
			for (int connections : levels) {
				Map<String, List<Wrk.Result>> results = new LinkedHashMap<>();
				for (int r = 0; r < rounds; r++) {
					List<String> order = new ArrayList<>(List.of(modes));
					if (r % 2 == 1) {
						java.util.Collections.reverse(order);
					}
					for (String mode : order) {
						results.computeIfAbsent(mode, m -> new ArrayList<>())
							.add(Wrk.load(servers.get(mode).url(), connections, round,
									sessions.get(mode).subList(0, connections), body));
					}
				}
				double baseline = median(results.get(modes[0])).perSecond();
				for (String mode : modes) {
					Wrk.Result median = median(results.get(mode));
					List<Double> roundRatios = new ArrayList<>();
					for (int r = 0; r < rounds; r++) {
						roundRatios.add(results.get(mode).get(r).perSecond() / results.get(modes[0]).get(r).perSecond());
					}
					roundRatios.sort(Comparator.naturalOrder());
					System.out.printf("| %d | %s | %.0f | %.3f | %.3f | %.3f | %.3f | %s |%n", connections, mode,
							median.perSecond(), median.perSecond() / baseline, roundRatios.get(rounds / 2),
							median.p50Millis(), median.p99Millis(),
							results.get(mode).stream().map(x -> String.format("%.0f", x.perSecond())).toList());
				}
			}
		}
		finally {
			for (ServerProcess server : servers.values()) {
				server.close();
			}
		}
		System.exit(0);
	}

	private static Wrk.Result median(List<Wrk.Result> results) {
		List<Wrk.Result> sorted = new ArrayList<>(results);
		sorted.sort(Comparator.comparingDouble(Wrk.Result::perSecond));
		return sorted.get(sorted.size() / 2);
	}

}
