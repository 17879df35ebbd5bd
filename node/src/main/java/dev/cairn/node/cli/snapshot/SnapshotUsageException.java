package dev.cairn.node.cli.snapshot;

/** A command line {@code cairn snapshot} cannot run: printed as one line, exit code 1. */
final class SnapshotUsageException extends RuntimeException {
    SnapshotUsageException(String message) {
        super(message);
    }
}
