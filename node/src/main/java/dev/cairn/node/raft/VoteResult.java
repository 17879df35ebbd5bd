package dev.cairn.node.raft;

/** Outcome of an election as far as the votes received so far tell. */
public enum VoteResult {
    WON,
    LOST,
    PENDING
}
