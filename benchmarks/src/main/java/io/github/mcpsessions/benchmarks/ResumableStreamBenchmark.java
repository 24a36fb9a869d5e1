package io.github.mcpsessions.benchmarks;

import java.io.CharArrayWriter;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.github.mcpsessions.events.InMemoryEventStore;
import io.github.mcpsessions.internal.streams.ResumableStream;
import io.github.mcpsessions.internal.streams.ResumableStreams;
import io.github.mcpsessions.internal.jsonrpc.JsonRpcBody;

/**
 * Benchmark 12: what a resumable stream adds to one tool call's response, in nanoseconds, without
 * the network or the SDK: the SDK's writes of a small answer (its three writes and a flush) into a
 * writer as they are with the event store off ({@code plain}), through a {@link ResumableStream}
 * that sends a quick answer unprimed ({@code quickAnswer}, the default), and through one primed at
 * once that stores the answer in memory ({@code storedAnswer}, {@code primingDelay} zero). Set
 * against the server's CPU time per call (HotPathRun), it says what share of a call the stream costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResumableStreamBenchmark {

	private static final String SESSION = "0123456789abcdef0123456789abcdef";

	private static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\","
			+ "\"text\":\"This is a simple text response for testing.\"}],\"isError\":false}}";

	private final CharArrayWriter sink = new CharArrayWriter(512);

	private final PrintWriter client = new PrintWriter(this.sink);

	private ResumableStreams quick;

	private ResumableStreams stored;

	private long storedCalls;

	@Setup
	public void open() {
		this.quick = streams(Duration.ofMillis(200));
		this.stored = streams(Duration.ZERO);
	}

	@TearDown
	public void close() {
		this.quick.close();
		this.stored.close();
	}

	@Benchmark
	public int plain() {
		this.sink.reset();
		sdkWrites(this.client);
		return this.sink.size();
	}

	@Benchmark
	public int quickAnswer() {
		return throughStream(this.quick);
	}

	/** Ends the session every 1,000 calls, so the store stays small (its deletes are in the figure). */
	@Benchmark
	public int storedAnswer() {
		if (++this.storedCalls % 1_000 == 0) {
			this.stored.sessionEnded(SESSION);
		}
		return throughStream(this.stored);
	}

	private int throughStream(ResumableStreams streams) {
		this.sink.reset();
		ResumableStream stream = new ResumableStream(streams, SESSION, ResumableStream.Kind.REQUEST, "1", null, false,
				List.of(), new ResumableStream.Client() {
					@Override
					public void send(String text) {
						ResumableStreamBenchmark.this.client.write(text);
						ResumableStreamBenchmark.this.client.flush();
					}

					@Override
					public void end() {
					}
				});
		PrintWriter sdk = new PrintWriter(new java.io.Writer() {
			@Override
			public void write(char[] text, int offset, int length) {
				stream.write(text, offset, length);
			}

			@Override
			public void flush() {
				stream.flush();
			}

			@Override
			public void close() {
			}
		});
		sdkWrites(sdk);
		stream.finished();
		return this.sink.size();
	}

	/** What the SDK's servlet transport writes for one answer. */
	private static void sdkWrites(PrintWriter writer) {
		writer.write("id: " + SESSION + "\n");
		writer.write("event: message\n");
		writer.write("data: " + ANSWER + "\n\n");
		writer.flush();
	}

	private static ResumableStreams streams(Duration primingDelay) {
		return new ResumableStreams(new InMemoryEventStore(), Duration.ofSeconds(1),
				Set.of(), Duration.ofMinutes(10), primingDelay, "abcd1234", JsonRpcBody::isAnswer, Clock.systemUTC());
	}

}
