package dev.cairn.node.storage.mvcc;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A point-in-time copy of the store's files in {@code dir}, with the revision and consistent index it holds and
 * the server metadata (written with {@code MvccWriteBatch.writeMeta}) as of that point.
 */
public record StoreCheckpoint(Path dir, long revision, long consistentIndex, SortedMap<String, byte[]> serverMeta) {
    public StoreCheckpoint {
        serverMeta = Collections.unmodifiableSortedMap(new TreeMap<>(serverMeta));
    }

    public Optional<byte[]> meta(String name) {
        return Optional.ofNullable(serverMeta.get(name));
    }
}
