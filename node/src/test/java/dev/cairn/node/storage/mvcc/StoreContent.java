package dev.cairn.node.storage.mvcc;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.mvccpb.Event;
import dev.cairn.node.proto.mvccpb.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Writes labelled content into test stores and captures what a store shows, to compare two stores. */
record StoreContent(long revision, long compactRevision, long consistentIndex, int hash, int hashKv,
                    List<KeyValue> kvs, List<Event> history) {
    static final KeyRange ALL = KeyRange.of(new byte[] {0}, new byte[] {0});

    /** What {@code store} shows now: revisions, hashes, live keys and the history above the compact revision. */
    static StoreContent of(MvccStore store) {
        return new StoreContent(store.currentRevision(), store.compactRevision(), store.consistentIndex(), store.hash(),
                store.hashKv(0).hash(), store.range(ALL, 0, 0, false).kvs(),
                store.history(Math.max(1, store.compactRevision()), Long.MAX_VALUE, Integer.MAX_VALUE));
    }

    /** One batch at {@code index}: one put request per key, each storing {@code label}. */
    static void putAll(MvccStore store, long index, String label, String... keys) {
        try (MvccWriteBatch batch = store.beginWrite()) {
            for (String key : keys) {
                batch.beginRequest();
                batch.put(bytes(key), ByteString.copyFromUtf8(label), 0);
                batch.endRequest();
            }
            batch.commit(index);
        }
    }

    static void delete(MvccStore store, long index, String key) {
        try (MvccWriteBatch batch = store.beginWrite()) {
            batch.beginRequest();
            batch.delete(bytes(key));
            batch.endRequest();
            batch.commit(index);
        }
    }

    static CompletableFuture<Void> compact(MvccStore store, long index, long revision) {
        try (MvccWriteBatch batch = store.beginWrite()) {
            CompletableFuture<Void> done = batch.compact(revision);
            batch.commit(index);
            return done;
        }
    }

    static void writeMeta(MvccStore store, long index, String name, String value) {
        try (MvccWriteBatch batch = store.beginWrite()) {
            batch.writeMeta(name, bytes(value));
            batch.commit(index);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
