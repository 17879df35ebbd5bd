package dev.cairn.node.server;

/**
 * What other threads may know of the Raft state: written by the raft loop (and the applied index by the apply
 * loop), read by anyone, without touching the core, which only the raft loop may call.
 */
public final class RaftStatusView {
    private volatile long term;
    private volatile long leaderId;
    private volatile long commitIndex;
    private volatile long appliedIndex;

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

    void publishRaft(long term, long leaderId, long commitIndex) {
        this.term = term;
        this.leaderId = leaderId;
        this.commitIndex = commitIndex;
    }

    void publishApplied(long appliedIndex) {
        this.appliedIndex = appliedIndex;
    }
}
