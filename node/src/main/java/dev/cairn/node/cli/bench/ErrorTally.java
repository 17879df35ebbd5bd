package dev.cairn.node.cli.bench;

import io.grpc.Status;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts failed requests by message, safe to call from gRPC threads. At most {@link #MAX_DISTINCT} messages are
 * kept apart; any further distinct message is counted under {@link #OTHER} so the tally stays bounded.
 */
final class ErrorTally {
    static final int MAX_DISTINCT = 64;
    static final String OTHER = "(other errors)";

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    void record(Throwable failure) {
        add(describe(failure), 1);
    }

    /** Counts {@code count} failures of one kind at once, such as lost watch events found at the end of a run. */
    void add(String message, long count) {
        if (count <= 0) {
            return;
        }
        total.add(count);
        LongAdder counter = counts.get(message);
        if (counter == null) {
            counter = counts.size() < MAX_DISTINCT
                    ? counts.computeIfAbsent(message, m -> new LongAdder())
                    : counts.computeIfAbsent(OTHER, m -> new LongAdder());
        }
        counter.add(count);
    }

    /** Adds the failures of another run part, e.g. the puts behind a watch load. */
    void addAll(Map<String, Long> failures) {
        failures.forEach(this::add);
    }

    long total() {
        return total.sum();
    }

    /** Message to count, sorted by message. */
    Map<String, Long> snapshot() {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((message, count) -> sorted.put(message, count.sum()));
        return sorted;
    }

    /** Formats a failure like the Go client prints gRPC errors, so reports from both tools read alike. */
    static String describe(Throwable failure) {
        Status status = Status.fromThrowable(failure);
        if (status.getCode() == Status.Code.UNKNOWN && status.getDescription() == null) {
            return failure.toString();
        }
        String description = status.getDescription();
        // grpc-java's own deadline text carries per-call timings, which would make every timeout a new message.
        if (status.getCode() == Status.Code.DEADLINE_EXCEEDED
                && (description == null || !description.startsWith("etcdserver"))) {
            description = "client request deadline exceeded";
        }
        return "rpc error: code = " + status.getCode() + " desc = " + description;
    }
}
