package dev.cairn.node.lease;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A lease clock that moves only when the test steps it. */
public final class ManualClock implements LeaseClock {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanoTime() {
        return now.get();
    }

    public void advance(Duration step) {
        now.addAndGet(step.toNanos());
    }
}
