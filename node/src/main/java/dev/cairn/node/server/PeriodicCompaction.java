package dev.cairn.node.server;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * etcd's periodic auto-compaction: keep the revisions of the last {@code period}. The current revision is sampled
 * every tenth of the period (of an hour at most); once a period has passed since the start, and then every period
 * (an hour at most) after the last success, the store is compacted to the oldest sample, about one period old.
 */
final class PeriodicCompaction implements CompactionPolicy {
    private static final Duration MAX_INTERVAL = Duration.ofHours(1);
    private static final int SAMPLES_PER_INTERVAL = 10;

    private final long periodNanos;
    private final long compactIntervalNanos;
    private final Duration sampleInterval;
    private final int samplesKept;
    private final ArrayDeque<Long> samples = new ArrayDeque<>();
    private long lastSuccessNanos;
    private long waitNanos;

    PeriodicCompaction(Duration period, long startNanos, long startRevision) {
        Duration interval = period.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : period;
        this.periodNanos = period.toNanos();
        this.compactIntervalNanos = interval.toNanos();
        this.sampleInterval = interval.dividedBy(SAMPLES_PER_INTERVAL);
        this.samplesKept = (int) (period.toNanos() / sampleInterval.toNanos()) + 1;
        this.lastSuccessNanos = startNanos;
        this.waitNanos = periodNanos;
        sample(startRevision);
    }

    @Override
    public Duration checkInterval() {
        return sampleInterval;
    }

    @Override
    public long onCheck(long nowNanos, long currentRevision) {
        long chosen = 0;
        if (nowNanos - lastSuccessNanos >= waitNanos) {
            waitNanos = compactIntervalNanos;
            chosen = samples.getFirst();
        }
        sample(currentRevision);
        return chosen;
    }

    @Override
    public void onCompacted(long nowNanos, long revision) {
        lastSuccessNanos = nowNanos;
    }

    private void sample(long revision) {
        samples.addLast(revision);
        if (samples.size() > samplesKept) {
            samples.removeFirst();
        }
    }
}
