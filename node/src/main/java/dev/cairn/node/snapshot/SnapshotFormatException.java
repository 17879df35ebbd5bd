package dev.cairn.node.snapshot;

/** A snapshot file that is truncated, corrupted, or not a Cairn snapshot. */
public final class SnapshotFormatException extends RuntimeException {
    public SnapshotFormatException(String message) {
        super(message);
    }
}
