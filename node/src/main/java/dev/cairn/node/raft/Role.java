package dev.cairn.node.raft;

/** The role a member plays in its current term. */
public enum Role {
    FOLLOWER,
    /** Asking for pre-votes: its term is not raised until a quorum says it could win. */
    PRE_CANDIDATE,
    CANDIDATE,
    LEADER
}
