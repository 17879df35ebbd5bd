package dev.cairn.node.cli.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces request starts evenly at a fixed rate: request {@code i} may start {@code i / rate} seconds after the
 * run began. A rate of 0 never waits. Falling behind is not made up for by a burst larger than the in-flight bound,
 * because the load loop also waits for a free client slot.
 */
final class Pacer {
    private final double nanosPerRequest;
    private final long startNanos;

    Pacer(double requestsPerSecond, long startNanos) {
        this.nanosPerRequest = requestsPerSecond == 0 ? 0 : 1e9 / requestsPerSecond;
        this.startNanos = startNanos;
    }

    /** How long request {@code index} must still wait at time {@code nowNanos}; 0 when it may start. */
    long nanosUntilPermit(long index, long nowNanos) {
        if (nanosPerRequest == 0) {
            return 0;
        }
        long due = startNanos + (long) (index * nanosPerRequest);
        return Math.max(0, due - nowNanos);
    }

    /** Blocks the load loop until request {@code index} is due. */
    void awaitPermit(long index) {
        long wait;
        while ((wait = nanosUntilPermit(index, System.nanoTime())) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
