package dev.cairn.node.raft;

/**
 * What a leader knows of one member's log: {@code match} is the highest index known to be replicated there,
 * {@code next} the next one to send; state is PROBE, REPLICATE or SNAPSHOT; recentActive is true when the member
 * answered within the current check-quorum window.
 */
public record PeerProgress(long match, long next, String state, boolean recentActive) {
}
