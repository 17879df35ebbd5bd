package dev.cairn.node.raft;

/**
 * The state Raft must persist before acting on it: current term, the vote cast in it, and the commit index.
 * Member ids (and so {@code vote}) are unsigned 64-bit values, like etcd's: any bit pattern is valid.
 */
public record HardState(long term, long vote, long commit) {
    public static final HardState EMPTY = new HardState(0, 0, 0);

    public HardState {
        if (term < 0 || commit < 0) {
            throw new IllegalArgumentException("negative term or commit in " + term + "/" + commit);
        }
    }
}
