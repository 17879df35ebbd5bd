package dev.cairn.node.raft;

/**
 * Tunables of one Raft member.
 *
 * @param id                       this member's id, never 0
 * @param electionTicks            ticks without a leader before campaigning (randomized in [n, 2n))
 * @param heartbeatTicks           ticks between leader heartbeats; must be below electionTicks
 * @param maxCommittedBytesPerReady payload bytes of committed entries handed out per Ready (at least one entry)
 * @param maxUncommittedBytes      payload bytes a leader accepts beyond its commit index before refusing proposals
 * @param maxPendingReads          ReadIndex requests a leader holds while they wait to become safe
 */
public record RaftConfig(long id, int electionTicks, int heartbeatTicks, long maxCommittedBytesPerReady,
                         long maxUncommittedBytes, int maxPendingReads) {
    public RaftConfig {
        if (id == 0) {
            throw new IllegalArgumentException("member id must not be 0");
        }
        if (heartbeatTicks < 1 || electionTicks <= heartbeatTicks) {
            throw new IllegalArgumentException("need 1 <= heartbeatTicks < electionTicks, got " + heartbeatTicks
                    + " and " + electionTicks);
        }
        if (maxCommittedBytesPerReady < 1 || maxUncommittedBytes < 1 || maxPendingReads < 1) {
            throw new IllegalArgumentException("size limits must be positive");
        }
    }

    /** etcd's defaults: election after 10 ticks, heartbeat every tick. */
    public static RaftConfig defaults(long id) {
        return new RaftConfig(id, 10, 1, 8L << 20, 1L << 30, 4096);
    }
}
