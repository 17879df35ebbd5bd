package dev.cairn.node.linearizability;

/** The answer of the check, from best to worst. */
public enum Verdict {
    LINEARIZABLE,
    /** The search gave up at its state bound: neither proven nor refuted. */
    UNDECIDED,
    NOT_LINEARIZABLE
}
