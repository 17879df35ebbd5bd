package dev.cairn.node.server;

import java.time.Duration;

/** How automatic compaction picks its revision; pure, stepped with the time and the store's current revision. */
interface CompactionPolicy {
    /** How often {@link #onCheck} is due. */
    Duration checkInterval();

    /** The revision to compact now, or 0 for none. */
    long onCheck(long nowNanos, long currentRevision);

    /** The compaction chosen by the last check is done (or was already done by someone else). */
    void onCompacted(long nowNanos, long revision);
}
