package dev.cairn.operator.plan;

/** Why a step was chosen; the status aggregator turns it into condition reasons. */
public enum Purpose {
    BOOTSTRAP,
    /** Clean-up after the first formation (join configurations switched to {@code existing}). */
    BOOTSTRAP_FINISH,
    SCALE_UP,
    SCALE_DOWN,
    REPLACEMENT,
    ROLLING_UPDATE,
    /** Waiting for members to become healthy, without anything else to do. */
    HEALING,
    /** No safe step exists. */
    BLOCKED,
    /** Nothing to do. */
    STEADY
}
