package dev.cairn.node.process;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Puts {@code <prefix><n>} = {@code value-<n>} one after another with etcdctl on a thread of its own, until it has
 * tried {@code maxWrites} times, {@code maxDuration} has passed, or it is stopped. It records every acknowledged
 * write (etcdctl exited 0) and every failure; a failed write may or may not have been applied, an acknowledged one
 * must never be lost.
 */
final class SteadyWriter implements AutoCloseable {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

    private final String prefix;
    private final Supplier<Etcdctl> ctl;
    private final int maxWrites;
    private final Duration maxDuration;
    private final Map<String, String> acknowledged = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopping;

    private SteadyWriter(String prefix, Supplier<Etcdctl> ctl, int maxWrites, Duration maxDuration) {
        this.prefix = prefix;
        this.ctl = ctl;
        this.maxWrites = maxWrites;
        this.maxDuration = maxDuration;
        this.thread = new Thread(this::writeAll, "steady-writer-" + prefix);
    }

    /** Starts writing; {@code ctl} is asked for an etcdctl before every write so it can follow membership. */
    static SteadyWriter start(String prefix, Supplier<Etcdctl> ctl, int maxWrites, Duration maxDuration) {
        SteadyWriter writer = new SteadyWriter(prefix, ctl, maxWrites, maxDuration);
        writer.thread.setDaemon(true);
        writer.thread.start();
        return writer;
    }

    private void writeAll() {
        long deadline = System.nanoTime() + maxDuration.toNanos();
        for (int n = 0; n < maxWrites && !stopping && System.nanoTime() < deadline; n++) {
            String key = prefix + n;
            String value = "value-" + n;
            CommandOutput output;
            try {
                output = ctl.get().run(List.of("put", key, value), "");
            } catch (RuntimeException e) {
                output = new CommandOutput(-1, "", e.toString());
            }
            synchronized (this) {
                if (output.exitCode() == 0) {
                    acknowledged.put(key, value);
                } else {
                    failures.add(key + ": " + output.stderr().strip());
                }
            }
        }
    }

    /** Waits until at least {@code count} more writes than now have been acknowledged. */
    void awaitMoreAcknowledged(int count, Duration within) {
        int target = acknowledgedCount() + count;
        await(prefix + " writer reaching " + target + " acknowledged writes (failures so far: " + failureCount() + ")")
                .atMost(within)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!thread.isAlive() && acknowledgedCount() < target) {
                        throw new AssertionError("writer ended with " + acknowledgedCount() + " acknowledged; "
                                + "failures: " + failures());
                    }
                    return acknowledgedCount() >= target;
                });
    }

    /** Stops after the write in flight and waits for the thread. */
    void stop() {
        stopping = true;
        try {
            thread.join(JOIN_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("writer " + prefix + " did not stop within " + JOIN_TIMEOUT);
        }
    }

    synchronized Map<String, String> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    synchronized int acknowledgedCount() {
        return acknowledged.size();
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    synchronized int failureCount() {
        return failures.size();
    }

    String prefix() {
        return prefix;
    }

    @Override
    public void close() {
        stop();
    }
}
