package dev.cairn.node.raft;

/** The kinds of message Raft members exchange. */
public enum MessageType {
    /** Leader to follower: entries after (logTerm, index), and the leader's commit index. */
    APPEND,
    /** Follower to leader: accepted up to index, or rejected with a hint where the logs may agree. */
    APPEND_RESPONSE,
    VOTE,
    VOTE_RESPONSE,
    /** A vote that does not raise anyone's term: sent first, so a member that was cut off cannot disrupt. */
    PRE_VOTE,
    PRE_VOTE_RESPONSE,
    /** Leader to follower: the leader's commit index (capped at what the follower holds) and a read context. */
    HEARTBEAT,
    HEARTBEAT_RESPONSE,
    /** Leader to the transfer target: campaign now, without waiting for an election timeout. */
    TIMEOUT_NOW,
    /**
     * Leader to follower: the follower needs a snapshot. Outbound it carries no {@link SnapshotMeta}; the
     * transport streams the state store and delivers it with the meta of what it streamed.
     */
    SNAPSHOT,
    /** Follower to leader: entries a client proposed on the follower. */
    PROPOSE,
    /** Follower to leader: a linearizable read point is wanted for this context. */
    READ_INDEX,
    /** Leader to follower: the read index for the context (index 0 and reject when it could not be given). */
    READ_INDEX_RESPONSE
}
