package dev.cairn.node.peer;

import dev.cairn.node.raft.SnapshotMeta;
import java.nio.file.Path;
import java.util.Objects;

/** A copy of the state store ready to stream: a directory of regular files, and what it covers. */
public record PreparedSnapshot(Path directory, SnapshotMeta meta) {
    public PreparedSnapshot {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(meta, "meta");
    }
}
