package dev.cairn.node.server;

import java.time.Duration;

/** etcd's revision auto-compaction: every check (5 minutes in etcd) compact to the current revision minus the retention. */
final class RevisionCompaction implements CompactionPolicy {
    static final Duration ETCD_CHECK_INTERVAL = Duration.ofMinutes(5);

    private final long retention;
    private final Duration checkInterval;
    private long lastCompacted;

    RevisionCompaction(long retention, Duration checkInterval) {
        this.retention = retention;
        this.checkInterval = checkInterval;
    }

    @Override
    public Duration checkInterval() {
        return checkInterval;
    }

    @Override
    public long onCheck(long nowNanos, long currentRevision) {
        long revision = currentRevision - retention;
        return revision <= 0 || revision == lastCompacted ? 0 : revision;
    }

    @Override
    public void onCompacted(long nowNanos, long revision) {
        lastCompacted = revision;
    }
}
