package dev.cairn.node.storage.mvcc;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** HashKV and Hash depend on the logical history only, never on how far physical compaction has got. */
class StoreHashTest {
    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    private static void put(MvccStore store, long index, String key, String value) {
        try (MvccWriteBatch batch = store.beginWrite()) {
            batch.beginRequest();
            batch.put(key.getBytes(StandardCharsets.UTF_8), ByteString.copyFromUtf8(value), 0);
            batch.endRequest();
            batch.commit(index);
        }
    }

    private static void delete(MvccStore store, long index, String key) {
        try (MvccWriteBatch batch = store.beginWrite()) {
            batch.beginRequest();
            batch.delete(key.getBytes(StandardCharsets.UTF_8));
            batch.endRequest();
            batch.commit(index);
        }
    }

    private static void compact(MvccStore store, long index, long revision) {
        try (MvccWriteBatch batch = store.beginWrite()) {
            batch.compact(revision);
            batch.commit(index);
        }
    }

    /** Revisions 2..7: a overwritten twice, b deleted, c once. */
    private static void history(MvccStore store) {
        put(store, 1, "a", "1");
        put(store, 2, "b", "1");
        put(store, 3, "a", "2");
        delete(store, 4, "b");
        put(store, 5, "a", "3");
        put(store, 6, "c", "1");
    }

    @Test
    void hashKvIsTheSameBeforeAndAfterThePhysicalDeletionOfACompaction() {
        ManualCompactionExecutor pending = new ManualCompactionExecutor();
        try (MvccStore held = MvccStore.open(dirA, pending); MvccStore done = MvccStore.open(dirB)) {
            history(held);
            history(done);
            KvHash beforeCompaction = held.hashKv(0);
            compact(held, 7, 6);
            compact(done, 7, 6);
            assertThat(pending.pendingCount()).isPositive();

            KvHash whileHeld = held.hashKv(0);
            KvHash physicallyDone = done.hashKv(0);
            pending.runAll();
            KvHash afterDeletion = held.hashKv(0);

            assertThat(whileHeld).isEqualTo(physicallyDone).isEqualTo(afterDeletion);
            assertThat(whileHeld.compactRevision()).isEqualTo(6);
            assertThat(whileHeld.currentRevision()).isEqualTo(7);
            assertThat(whileHeld.hash()).isNotEqualTo(beforeCompaction.hash()); // superseded values are gone
        }
    }

    @Test
    void hashKvOfAnEmptyHistoryIsStableAndAnyWriteChangesIt() {
        try (MvccStore a = MvccStore.open(dirA); MvccStore b = MvccStore.open(dirB)) {
            assertThat(a.hashKv(0)).isEqualTo(b.hashKv(0));
            put(a, 1, "k", "v");
            put(b, 1, "k", "w");
            assertThat(a.hashKv(0).hash()).isNotEqualTo(b.hashKv(0).hash());
            assertThat(a.hashKv(1)).isEqualTo(b.hashKv(1));
        }
    }

    @Test
    void hashOfTheWholeStoreIgnoresTheConsistentIndexOnly() {
        try (MvccStore a = MvccStore.open(dirA); MvccStore b = MvccStore.open(dirB)) {
            put(a, 1, "k", "v");
            put(b, 40, "k", "v"); // same data, applied at another log index
            assertThat(a.hash()).isEqualTo(b.hash());
            try (MvccWriteBatch batch = b.beginWrite()) {
                batch.writeMeta("note", new byte[] {1});
                batch.commit(41);
            }
            assertThat(a.hash()).isNotEqualTo(b.hash());
        }
    }

    @Test
    void defragmentKeepsTheDataAndItsHashes() {
        try (MvccStore store = MvccStore.open(dirA)) {
            history(store);
            KvHash kvHash = store.hashKv(0);
            int hash = store.hash();
            store.defragment();
            assertThat(store.hashKv(0)).isEqualTo(kvHash);
            assertThat(store.hash()).isEqualTo(hash);
        }
    }
}
