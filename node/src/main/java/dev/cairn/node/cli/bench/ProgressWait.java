package dev.cairn.node.cli.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Waits for a run to finish as long as it keeps making progress, so a stalled server cannot hang the benchmark. */
final class ProgressWait {
    private ProgressWait() {
    }

    /**
     * Waits until {@code done} opens; gives up, returning false, once {@code progress} (a count that grows while
     * work gets done) has not moved for a whole {@code patience}.
     */
    static boolean await(CountDownLatch done, LongSupplier progress, Duration patience) {
        long before = progress.getAsLong();
        try {
            while (!done.await(patience.toNanos(), TimeUnit.NANOSECONDS)) {
                long after = progress.getAsLong();
                if (after == before) {
                    return false;
                }
                before = after;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
