package dev.cairn.operator.plan;

/** A member's raft position from its Maintenance.Status answer. */
public record RaftProgress(long raftIndex, long appliedIndex) {

    public RaftProgress {
        if (raftIndex < 0 || appliedIndex < 0) {
            throw new IllegalArgumentException("raft indexes must not be negative: " + raftIndex + ", " + appliedIndex);
        }
    }
}
