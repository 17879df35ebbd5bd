package dev.cairn.node.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * What other threads may know of the Raft state: written by the raft loop (and the applied index by the apply
 * loop), read by anyone, without touching the core, which only the raft loop may call.
 */
public final class RaftStatusView {
    private volatile long term;
    private volatile long leaderId;
    private volatile long commitIndex;
    private volatile long appliedIndex;
    private final LongAdder leaderChanges = new LongAdder();

    public long term() {
        return term;
    }

    public long leaderId() {
        return leaderId;
    }

    public boolean hasLeader() {
        return leaderId != 0;
    }

    public long commitIndex() {
        return commitIndex;
    }

    public long appliedIndex() {
        return appliedIndex;
    }

    /** Times a leader was seen that differs from the one before (etcd_server_leader_changes_seen_total). */
    public long leaderChanges() {
        return leaderChanges.sum();
    }

    void publishRaft(long term, long leaderId, long commitIndex) {
        if (leaderId != 0 && leaderId != this.leaderId) {
            leaderChanges.increment();
        }
        this.term = term;
        this.leaderId = leaderId;
        this.commitIndex = commitIndex;
    }

    void publishApplied(long appliedIndex) {
        this.appliedIndex = appliedIndex;
    }
}
