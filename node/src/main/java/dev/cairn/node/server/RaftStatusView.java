package dev.cairn.node.server;

import dev.cairn.node.raft.RaftStatus;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What other threads may know of the Raft state: written by the raft loop (and the applied index by the apply
 * loop), read by anyone, without touching the core, which only the raft loop may call.
 */
public final class RaftStatusView {
    private volatile long term;
    private volatile long leaderId;
    private volatile long commitIndex;
    private volatile long appliedIndex;
    private volatile boolean learner;
    private volatile Map<Long, Long> matchIndexes = Map.of();
    private final AtomicLong leaderChanges = new AtomicLong();

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

    public boolean isLearner() {
        return learner;
    }

    /** Times this member has seen a new leader (etcd_server_leader_changes_seen_total). */
    public long leaderChanges() {
        return leaderChanges.get();
    }

    /** On the leader, how far each member's log is known to match its own (itself included); empty elsewhere. */
    public Map<Long, Long> matchIndexes() {
        return matchIndexes;
    }

    void publishMatchIndexes(Map<Long, Long> matches) {
        this.matchIndexes = Map.copyOf(matches);
    }

    void publishRaft(RaftStatus status) {
        if (status.leaderId() != 0 && status.leaderId() != leaderId) {
            leaderChanges.incrementAndGet();
        }
        this.term = status.term();
        this.leaderId = status.leaderId();
        this.commitIndex = status.commitIndex();
        this.learner = status.learner();
    }

    void publishApplied(long appliedIndex) {
        this.appliedIndex = appliedIndex;
    }
}
