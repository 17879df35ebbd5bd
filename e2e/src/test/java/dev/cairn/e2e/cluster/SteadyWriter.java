package dev.cairn.e2e.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Puts unique keys ({@code <prefix><n>}) one after another through the forwarded client Service, a few per second,
 * and records which puts were acknowledged and how many failed. Bounded: it stops by itself after
 * {@value #MAX_WRITES} puts.
 */
final class SteadyWriter implements AutoCloseable {

    static final int MAX_WRITES = 2_000;
    private static final Duration PAUSE = Duration.ofMillis(200);

    private final Etcdctl etcdctl;
    private final int port;
    private final String prefix;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    // Guarded by this.
    private final List<String> acknowledged = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    private SteadyWriter(Etcdctl etcdctl, int port, String prefix) {
        this.etcdctl = etcdctl;
        this.port = port;
        this.prefix = prefix;
        this.thread = Thread.ofPlatform().name("steady-writer-" + prefix).daemon().unstarted(this::write);
    }

    static SteadyWriter start(Etcdctl etcdctl, int port, String prefix) {
        SteadyWriter writer = new SteadyWriter(etcdctl, port, prefix);
        writer.thread.start();
        return writer;
    }

    /** What the writer saw. */
    record Outcome(String prefix, List<String> acknowledged, List<String> failures) {
    }

    /** Stops after the put in flight and returns what was written. */
    Outcome stop() {
        stop.set(true);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the writer", e);
        }
        synchronized (this) {
            return new Outcome(prefix, List.copyOf(acknowledged), List.copyOf(failures));
        }
    }

    synchronized int acknowledgedCount() {
        return acknowledged.size();
    }

    private void write() {
        for (int n = 0; n < MAX_WRITES && !stop.get(); n++) {
            String key = prefix + String.format("%06d", n);
            Etcdctl.Result result = etcdctl.viaService(port, "put", key, "value-" + n);
            synchronized (this) {
                if (result.ok()) {
                    acknowledged.add(key);
                } else {
                    failures.add(key + ": " + result.stderr().strip());
                }
            }
            try {
                Thread.sleep(PAUSE); // the write rate, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
