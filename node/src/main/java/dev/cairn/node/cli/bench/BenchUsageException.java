package dev.cairn.node.cli.bench;

/** A command line that cannot be run as given; the message tells the user what to fix. */
public final class BenchUsageException extends RuntimeException {
    public BenchUsageException(String message) {
        super(message);
    }
}
