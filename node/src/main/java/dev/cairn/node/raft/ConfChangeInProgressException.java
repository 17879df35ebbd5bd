package dev.cairn.node.raft;

/** Thrown when a membership change is proposed while an earlier one is in the log but not yet applied. */
public final class ConfChangeInProgressException extends RuntimeException {
    public ConfChangeInProgressException(long pendingIndex, long appliedIndex) {
        super("a membership change at index " + pendingIndex + " is not applied yet (applied " + appliedIndex + ")",
                null, false, false);
    }
}
