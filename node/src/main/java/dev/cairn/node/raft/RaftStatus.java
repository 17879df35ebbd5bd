package dev.cairn.node.raft;

/**
 * A snapshot of the core's state for status endpoints and tests; appliedIndex is the last index handed to apply,
 * transferee the member a leader is handing leadership to (0 when none), learner whether this member is a learner.
 */
public record RaftStatus(long id, long term, long vote, Role role, long leaderId, long commitIndex, long lastIndex,
                         long appliedIndex, long transferee, boolean learner) {
}
