package dev.cairn.node.raft;

/** Thrown when the leader refuses a proposal for now, e.g. while it hands leadership to another member. */
public final class ProposalDroppedException extends RuntimeException {
    public ProposalDroppedException(String reason) {
        super(reason, null, false, false);
    }
}
