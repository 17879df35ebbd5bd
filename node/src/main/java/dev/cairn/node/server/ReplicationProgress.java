package dev.cairn.node.server;

import java.util.OptionalLong;

/** The leader's view of each member's log, as the raft loop last published it. */
final class ReplicationProgress implements MembershipChanges.ReplicationView {
    private final RaftStatusView status;
    private final Membership membership;

    ReplicationProgress(RaftStatusView status, Membership membership) {
        this.status = status;
        this.membership = membership;
    }

    @Override
    public OptionalLong match(long memberId) {
        Long match = status.matchIndexes().get(memberId);
        return match == null ? OptionalLong.empty() : OptionalLong.of(match);
    }

    @Override
    public boolean isLeader() {
        return status.leaderId() == membership.localId();
    }
}
