package dev.cairn.node.raft;

/** How a leader sends entries to one follower. */
enum ProgressState {
    /** One APPEND at a time, until the follower's answer shows where the logs agree. */
    PROBE,
    /** Streaming APPENDs optimistically, bounded by the in-flight window. */
    REPLICATE,
    /** The entries the follower needs are compacted away: waiting for a snapshot to reach it. */
    SNAPSHOT
}
