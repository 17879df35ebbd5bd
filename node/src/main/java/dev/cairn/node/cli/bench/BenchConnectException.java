package dev.cairn.node.cli.bench;

/** The endpoints could not be reached within the dial timeout. */
public final class BenchConnectException extends RuntimeException {
    public BenchConnectException(String message) {
        super(message);
    }
}
