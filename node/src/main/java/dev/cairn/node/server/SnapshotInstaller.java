package dev.cairn.node.server;

import dev.cairn.node.raft.SnapshotMeta;

import java.nio.file.Path;

/**
 * Replaces this member's state with a snapshot the leader streamed to it, called by the raft loop before it
 * advances past the Ready that carries the snapshot.
 */
interface SnapshotInstaller {
    /** @param stagedStore the received state store (a RocksDB checkpoint), consumed by the installation */
    void install(SnapshotMeta snapshot, Path stagedStore) throws InterruptedException;
}
