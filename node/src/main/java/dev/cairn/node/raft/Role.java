package dev.cairn.node.raft;

/** The role a member plays in its current term. */
public enum Role {
    FOLLOWER,
    CANDIDATE,
    LEADER
}
