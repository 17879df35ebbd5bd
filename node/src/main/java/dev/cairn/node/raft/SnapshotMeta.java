package dev.cairn.node.raft;

import java.util.Objects;

/**
 * What a snapshot of the state store covers: every entry up to {@code index} (whose term is {@code term}) is
 * applied in it, and {@code conf} is the membership in force at that index.
 */
public record SnapshotMeta(long index, long term, ConfState conf) {
    public SnapshotMeta {
        if (index < 1 || term < 1) {
            throw new IllegalArgumentException("snapshot index and term must be positive, got " + index + "/" + term);
        }
        Objects.requireNonNull(conf, "conf");
    }
}
