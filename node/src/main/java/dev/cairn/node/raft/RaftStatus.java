package dev.cairn.node.raft;

/** A snapshot of the core's state for status endpoints and tests; appliedIndex is the last index handed to apply. */
public record RaftStatus(long id, long term, long vote, Role role, long leaderId, long commitIndex, long lastIndex,
                         long appliedIndex) {
}
