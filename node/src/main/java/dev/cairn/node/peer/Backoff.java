package dev.cairn.node.peer;

import java.time.Duration;

/** Exponential backoff between reconnection attempts: min, 2*min, 4*min, ... up to max; back to min on reset. */
final class Backoff {
    private final long minNanos;
    private final long maxNanos;
    private long nextNanos;

    Backoff(Duration min, Duration max) {
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.nextNanos = minNanos;
    }

    /** The wait before the next attempt; each call doubles the following one, up to the maximum. */
    long nextNanos() {
        long current = nextNanos;
        nextNanos = Math.min(maxNanos, current * 2);
        return current;
    }

    void reset() {
        nextNanos = minNanos;
    }
}
