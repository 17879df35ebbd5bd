package dev.cairn.node.cli.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one run measured. {@code latencies} holds the latency in nanoseconds of every successful request (for the
 * watch load: of every event, from its put's send to its receipt); failed requests appear only in {@code errors}
 * (message to count). {@code counts} holds a load's own tallies in report order (e.g. puts made and events
 * received by the watch load); it is empty for plain request loads.
 */
public record BenchResult(String op, long total, long elapsedNanos, Histogram latencies, Map<String, Long> errors,
        Map<String, Long> counts) {

    public BenchResult {
        errors = Map.copyOf(errors);
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    public BenchResult(String op, long total, long elapsedNanos, Histogram latencies, Map<String, Long> errors) {
        this(op, total, elapsedNanos, latencies, errors, Map.of());
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

    /** Successful requests (or delivered events) per second of wall time, as etcd's benchmark reports it. */
    public double requestsPerSecond() {
        return elapsedNanos == 0 ? 0 : successes() / seconds();
    }
}
