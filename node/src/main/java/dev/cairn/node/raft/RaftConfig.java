package dev.cairn.node.raft;

/**
 * Tunables of one Raft member.
 *
 * @param id                        this member's id, never 0
 * @param electionTicks             ticks without a leader before campaigning (randomized in [n, 2n))
 * @param heartbeatTicks            ticks between leader heartbeats; must be below electionTicks
 * @param maxCommittedBytesPerReady payload bytes of committed entries handed out per Ready (at least one entry)
 * @param maxUncommittedBytes       payload bytes a leader accepts beyond its commit index before refusing proposals
 * @param maxPendingReads           ReadIndex requests a leader holds while they wait to become safe
 * @param preVote                   campaign with a pre-vote first, so a member that was cut off cannot raise the term
 * @param checkQuorum               a leader that has not heard from a quorum within an election timeout steps down,
 *                                  and members that hear from a leader refuse to vote for others meanwhile
 * @param maxInflightMessages       APPENDs a leader keeps outstanding to one follower before waiting for answers
 * @param maxBytesPerMessage        payload bytes of entries in one APPEND (always at least one entry)
 */
public record RaftConfig(long id, int electionTicks, int heartbeatTicks, long maxCommittedBytesPerReady,
                         long maxUncommittedBytes, int maxPendingReads, boolean preVote, boolean checkQuorum,
                         int maxInflightMessages, long maxBytesPerMessage) {
    public static final int DEFAULT_MAX_INFLIGHT_MESSAGES = 256;
    public static final long DEFAULT_MAX_BYTES_PER_MESSAGE = 1L << 20;

    public RaftConfig {
        if (id == 0) {
            throw new IllegalArgumentException("member id must not be 0");
        }
        if (heartbeatTicks < 1 || electionTicks <= heartbeatTicks) {
            throw new IllegalArgumentException("need 1 <= heartbeatTicks < electionTicks, got " + heartbeatTicks
                    + " and " + electionTicks);
        }
        if (maxCommittedBytesPerReady < 1 || maxUncommittedBytes < 1 || maxPendingReads < 1
                || maxInflightMessages < 1 || maxBytesPerMessage < 1) {
            throw new IllegalArgumentException("size limits must be positive");
        }
    }

    /** The given limits with etcd's defaults for pre-vote, check-quorum and flow control. */
    public RaftConfig(long id, int electionTicks, int heartbeatTicks, long maxCommittedBytesPerReady,
                      long maxUncommittedBytes, int maxPendingReads) {
        this(id, electionTicks, heartbeatTicks, maxCommittedBytesPerReady, maxUncommittedBytes, maxPendingReads,
                true, true, DEFAULT_MAX_INFLIGHT_MESSAGES, DEFAULT_MAX_BYTES_PER_MESSAGE);
    }

    /** etcd's defaults: election after 10 ticks, heartbeat every tick. */
    public static RaftConfig defaults(long id) {
        return new RaftConfig(id, 10, 1, 8L << 20, 1L << 30, 4096);
    }

    public RaftConfig withPreVote(boolean enabled) {
        return new RaftConfig(id, electionTicks, heartbeatTicks, maxCommittedBytesPerReady, maxUncommittedBytes,
                maxPendingReads, enabled, checkQuorum, maxInflightMessages, maxBytesPerMessage);
    }

    public RaftConfig withCheckQuorum(boolean enabled) {
        return new RaftConfig(id, electionTicks, heartbeatTicks, maxCommittedBytesPerReady, maxUncommittedBytes,
                maxPendingReads, preVote, enabled, maxInflightMessages, maxBytesPerMessage);
    }

    public RaftConfig withFlowControl(int inflightMessages, long bytesPerMessage) {
        return new RaftConfig(id, electionTicks, heartbeatTicks, maxCommittedBytesPerReady, maxUncommittedBytes,
                maxPendingReads, preVote, checkQuorum, inflightMessages, bytesPerMessage);
    }
}
