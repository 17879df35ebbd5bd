package dev.cairn.node.linearizability;

/** How a client learned the fate of a command. */
public enum Outcome {
    /** The server answered; the reply is known. */
    OK,
    /** Definitely did not take effect (refused before it was proposed, or never sent). */
    FAILED,
    /**
     * Timed out or the connection was lost after sending: it may take effect at any time after its invocation, or
     * never.
     */
    UNKNOWN
}
