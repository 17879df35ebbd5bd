package dev.cairn.node.cli.bench;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one run measured. {@code latencies} holds the latency in nanoseconds of every successful request;
 * failed requests appear only in {@code errors} (message to count).
 */
public record BenchResult(String op, long total, long elapsedNanos, Histogram latencies, Map<String, Long> errors) {

    public BenchResult {
        errors = Map.copyOf(errors);
    }

    public long successes() {
        return latencies.getTotalCount();
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    public double seconds() {
        return elapsedNanos / 1e9;
    }

    /** Successful requests per second of wall time, as etcd's benchmark reports it. */
    public double requestsPerSecond() {
        return elapsedNanos == 0 ? 0 : successes() / seconds();
    }
}
