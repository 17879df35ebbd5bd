package dev.cairn.node.raft;

/** Thrown when accepting a proposal or read would exceed one of the core's configured bounds. */
public final class TooManyRequestsException extends RuntimeException {
    public TooManyRequestsException(String what) {
        super(what, null, false, false);
    }
}
