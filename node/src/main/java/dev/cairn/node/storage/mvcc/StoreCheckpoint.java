package dev.cairn.node.storage.mvcc;

import java.nio.file.Path;

/** A point-in-time copy of the store's files in {@code dir}, with the revision and consistent index it holds. */
public record StoreCheckpoint(Path dir, long revision, long consistentIndex) {
}
