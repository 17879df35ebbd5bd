package dev.cairn.node.api;

/** The errors etcd's concurrency package and v3election server return as plain Go errors (code Unknown). */
final class ElectionException extends RuntimeException {
    static final String NOT_LEADER = "election: not leader";
    static final String NO_LEADER = "election: no leader";
    static final String MISSING_LEADER_KEY = "\"leader\" field must be provided";

    ElectionException(String message) {
        super(message, null, false, false);
    }
}
