package dev.cairn.node.raft;

/** Thrown when a leader-only operation reaches a member that is not the leader; leaderId is 0 when unknown. */
public final class NotLeaderException extends RuntimeException {
    private final long leaderId;

    public NotLeaderException(long leaderId) {
        super(leaderId == 0 ? "no leader" : "not the leader; leader is " + Long.toHexString(leaderId), null, false,
                false);
        this.leaderId = leaderId;
    }

    public long leaderId() {
        return leaderId;
    }
}
