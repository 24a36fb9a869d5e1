package io.github.mcpsessions.benchmarks;

import java.util.Arrays;

/** Recorded latencies in nanoseconds, and their percentiles in milliseconds. */
final class Latencies {

	private long[] values = new long[1024];

	private int count;

	void add(long nanos) {
		if (this.count == this.values.length) {
			this.values = Arrays.copyOf(this.values, this.count * 2);
		}
		this.values[this.count++] = nanos;
	}

	void addAll(Latencies other) {
		for (int i = 0; i < other.count; i++) {
			add(other.values[i]);
		}
	}

	int count() {
		return this.count;
	}

	/** The {@code p}-th percentile (0-100) in milliseconds. */
	double percentileMillis(double p) {
		if (this.count == 0) {
			return Double.NaN;
		}
		long[] sorted = Arrays.copyOf(this.values, this.count);
		Arrays.sort(sorted);
		int index = (int) Math.ceil(p / 100.0 * this.count) - 1;
		return sorted[Math.max(0, Math.min(this.count - 1, index))] / 1_000_000.0;
	}

	String summary() {
		return String.format("n=%d p50=%.3f ms p99=%.3f ms max=%.3f ms", this.count, percentileMillis(50),
				percentileMillis(99), percentileMillis(100));
	}

}
