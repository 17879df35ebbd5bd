package dev.cairn.node.storage.mvcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cairn.node.error.EtcdError;
import dev.cairn.node.error.EtcdException;
import dev.cairn.node.proto.mvccpb.KeyValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.junit.jupiter.api.io.TempDir;

class MvccStoreTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static KeyRange all() {
        return KeyRange.of(new byte[] {0}, new byte[] {0});
    }

    private static KeyRange key(String k) {
        return KeyRange.of(b(k), new byte[0]);
    }

    /** Applies one put request per key in one batch, committed at {@code index}. */
    private static void putAll(MvccStore store, long index, String... keyValues) {
        try (MvccWriteBatch batch = store.beginWrite()) {
            for (int i = 0; i < keyValues.length; i += 2) {
                batch.beginRequest();
                batch.put(b(keyValues[i]), ByteString.copyFromUtf8(keyValues[i + 1]), 0);
                batch.endRequest();
            }
            batch.commit(index);
        }
    }

    private static void delete(MvccStore store, long index, String key) {
        try (MvccWriteBatch batch = store.beginWrite()) {
            batch.beginRequest();
            batch.delete(b(key));
            batch.endRequest();
            batch.commit(index);
        }
    }

    private static List<String> values(RangeResult result) {
        return result.kvs().stream().map(kv -> kv.getValue().toStringUtf8()).toList();
    }

    @Test
    void freshStoreIsAtRevisionOneAndFirstPutIsRevisionTwo() {
        try (MvccStore store = MvccStore.open(dir)) {
            assertThat(store.currentRevision()).isEqualTo(1);
            assertThat(store.compactRevision()).isEqualTo(-1);
            assertThat(store.consistentIndex()).isZero();

            putAll(store, 7, "a", "1");

            KeyValue kv = store.range(key("a"), 0, 0, false).kvs().getFirst();
            assertThat(store.currentRevision()).isEqualTo(2);
            assertThat(store.consistentIndex()).isEqualTo(7);
            assertThat(kv.getCreateRevision()).isEqualTo(2);
            assertThat(kv.getModRevision()).isEqualTo(2);
            assertThat(kv.getVersion()).isEqualTo(1);
        }
    }

    @Test
    void versionsCountModificationsAndRestartAfterDelete() {
        try (MvccStore store = MvccStore.open(dir)) {
            putAll(store, 1, "k", "v1", "k", "v2");
            KeyValue second = store.range(key("k"), 0, 0, false).kvs().getFirst();
            assertThat(second.getVersion()).isEqualTo(2);
            assertThat(second.getCreateRevision()).isEqualTo(2);
            assertThat(second.getModRevision()).isEqualTo(3);

            delete(store, 2, "k");
            assertThat(store.currentRevision()).isEqualTo(4);
            assertThat(store.range(key("k"), 0, 0, false).count()).isZero();

            putAll(store, 3, "k", "v3");
            KeyValue recreated = store.range(key("k"), 0, 0, false).kvs().getFirst();
            assertThat(recreated.getVersion()).isEqualTo(1);
            assertThat(recreated.getCreateRevision()).isEqualTo(5);
            assertThat(values(store.range(key("k"), 3, 0, false))).containsExactly("v2");
            assertThat(store.range(key("k"), 4, 0, false).kvs()).isEmpty();
        }
    }

    @Test
    void reopenRebuildsIndexRevisionConsistentIndexAndMeta() {
        try (MvccStore store = MvccStore.open(dir)) {
            putAll(store, 10, "a", "1", "b", "2", "a", "3");
            delete(store, 11, "b");
            try (MvccWriteBatch batch = store.beginWrite()) {
                batch.writeMeta("cluster_id", b("abc"));
                batch.commit(12);
            }
        }
        try (MvccStore store = MvccStore.open(dir)) {
            assertThat(store.currentRevision()).isEqualTo(5);
            assertThat(store.consistentIndex()).isEqualTo(12);
            assertThat(store.readMeta("cluster_id")).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("abc")));
            assertThat(store.readMeta("absent")).isEmpty();
            assertThat(values(store.range(all(), 0, 0, false))).containsExactly("3");
            assertThat(values(store.range(all(), 3, 0, false))).containsExactly("1", "2");
            assertThat(store.range(all(), 0, 0, true).count()).isEqualTo(1);
        }
    }

    @Test
    void anUncommittedBatchLeavesNothingBehind() {
        try (MvccStore store = MvccStore.open(dir)) {
            putAll(store, 1, "a", "1");
            CompletableFuture<Void> compaction;
            try (MvccWriteBatch batch = store.beginWrite()) {
                batch.beginRequest();
                batch.put(b("b"), ByteString.copyFromUtf8("2"), 0);
                batch.endRequest();
                compaction = batch.compact(2);
                batch.writeMeta("m", b("x"));
                assertThat(batch.range(all(), 0, 0, false).count()).isEqualTo(2);
            }
            assertThat(compaction).isCompletedExceptionally();
            assertThat(store.currentRevision()).isEqualTo(2);
            assertThat(store.compactRevision()).isEqualTo(-1);
            assertThat(store.consistentIndex()).isEqualTo(1);
            assertThat(store.range(all(), 0, 0, false).count()).isEqualTo(1);
            assertThat(store.readMeta("m")).isEmpty();
        }
        try (MvccStore store = MvccStore.open(dir)) {
            assertThat(store.range(all(), 0, 0, false).count()).isEqualTo(1);
        }
    }

    @Test
    void abortedRequestIsUndoneAndLaterRequestsReuseItsRevision() {
        try (MvccStore store = MvccStore.open(dir)) {
            try (MvccWriteBatch batch = store.beginWrite()) {
                batch.beginRequest();
                batch.put(b("a"), ByteString.copyFromUtf8("1"), 0);
                assertThat(batch.revision()).isEqualTo(2);
                batch.abortRequest();
                assertThat(batch.revision()).isEqualTo(1);
                assertThat(batch.get(b("a"))).isEmpty();
                batch.beginRequest();
                batch.put(b("b"), ByteString.copyFromUtf8("2"), 0);
                assertThat(batch.endRequest()).isEqualTo(2);
                batch.commit(1);
            }
            assertThat(store.range(all(), 0, 0, false).kvs()).extracting(kv -> kv.getKey().toStringUtf8())
                    .containsExactly("b");
        }
    }

    @Test
    void readsOutsideTheHistoryFail() {
        try (MvccStore store = MvccStore.open(dir)) {
            putAll(store, 1, "a", "1");
            assertThatThrownBy(() -> store.range(all(), 3, 0, false))
                    .isInstanceOfSatisfying(EtcdException.class,
                            e -> assertThat(e.error()).isEqualTo(EtcdError.FUTURE_REV));
        }
    }

    @Test
    void compactionKeepsLatestValuesOfLiveKeysAndRefusesOlderReads() throws Exception {
        try (MvccStore store = MvccStore.open(dir)) {
            putAll(store, 1, "a", "1", "a", "2", "b", "1", "c", "1"); // a@2,a@3,b@4,c@5
            delete(store, 2, "c"); // c tombstone @6
            putAll(store, 3, "a", "3"); // a@7
            CompletableFuture<Void> done;
            try (MvccWriteBatch batch = store.beginWrite()) {
                done = batch.compact(6);
                batch.commit(4);
            }
            done.get(30, TimeUnit.SECONDS);

            assertThat(store.compactRevision()).isEqualTo(6);
            assertThat(values(store.range(all(), 6, 0, false))).containsExactly("2", "1");
            assertThat(values(store.range(all(), 0, 0, false))).containsExactly("3", "1");
            assertThatThrownBy(() -> store.range(all(), 5, 0, false))
                    .isInstanceOfSatisfying(EtcdException.class,
                            e -> assertThat(e.error()).isEqualTo(EtcdError.COMPACTED));
            assertThat(store.readValue(new Revision(3, 0))).isNotNull();
            assertThatThrownBy(() -> store.readValue(new Revision(2, 0)))
                    .isInstanceOfSatisfying(EtcdException.class,
                            e -> assertThat(e.error()).isEqualTo(EtcdError.COMPACTED));
            try (MvccWriteBatch batch = store.beginWrite()) {
                assertThatThrownBy(() -> batch.compact(6)).isInstanceOfSatisfying(EtcdException.class,
                        e -> assertThat(e.error()).isEqualTo(EtcdError.COMPACTED));
                assertThatThrownBy(() -> batch.compact(8)).isInstanceOfSatisfying(EtcdException.class,
                        e -> assertThat(e.error()).isEqualTo(EtcdError.FUTURE_REV));
            }
        }
        try (MvccStore store = MvccStore.open(dir)) {
            assertThat(store.compactRevision()).isEqualTo(6);
            assertThat(values(store.range(all(), 6, 0, false))).containsExactly("2", "1");
        }
    }

    @Test
    void compactionInterruptedByAStopIsFinishedAfterRestart() {
        ManualCompactionExecutor beforeCrash = new ManualCompactionExecutor();
        try (MvccStore store = MvccStore.open(dir, beforeCrash)) {
            putAll(store, 1, "a", "1", "a", "2", "a", "3");
            try (MvccWriteBatch batch = store.beginWrite()) {
                batch.compact(4);
                batch.commit(2);
            }
            // The store stops before the deletion ran: old revisions are still on disk.
            assertThat(beforeCrash.pendingCount()).isEqualTo(1);
        }
        ManualCompactionExecutor afterRestart = new ManualCompactionExecutor();
        try (MvccStore store = MvccStore.open(dir, afterRestart)) {
            assertThat(store.compactRevision()).isEqualTo(4);
            assertThatThrownBy(() -> store.range(all(), 3, 0, false)).isInstanceOf(EtcdException.class);
            assertThat(store.readValue(new Revision(2, 0))).isNotNull();

            assertThat(afterRestart.pendingCount()).isEqualTo(1);
            afterRestart.runAll();

            assertThatThrownBy(() -> store.readValue(new Revision(2, 0))).isInstanceOf(EtcdException.class);
            assertThatThrownBy(() -> store.readValue(new Revision(3, 0))).isInstanceOf(EtcdException.class);
            assertThat(values(store.range(all(), 0, 0, false))).containsExactly("3");
        }
        try (MvccStore store = MvccStore.open(dir, new ManualCompactionExecutor())) {
            assertThat(values(store.range(all(), 4, 0, false))).containsExactly("3");
        }
    }

    @Test
    void sizesAreReportedAndSyncWorks() {
        try (MvccStore store = MvccStore.open(dir)) {
            putAll(store, 1, "a", "x".repeat(10_000));
            store.syncToDisk();
            assertThat(store.dbSizeBytes()).isPositive();
            assertThat(store.dbSizeInUseBytes()).isPositive();
        }
    }

    @Test
    void unreadableDataDirIsReportedByPath() throws IOException {
        Path bogus = dir.resolve("data");
        Files.createDirectories(bogus);
        Files.writeString(bogus.resolve("CURRENT"), "MANIFEST-999999\n");

        assertThatThrownBy(() -> MvccStore.open(bogus))
                .isInstanceOf(MvccStorageException.class)
                .hasMessageContaining(bogus.toString());
    }

    @Test
    void undecodableValueIsReportedWithTheDataDir() throws Exception {
        try (MvccStore store = MvccStore.open(dir)) {
            putAll(store, 1, "a", "1");
        }
        overwriteValue(new Revision(2, 0), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});

        assertThatThrownBy(() -> MvccStore.open(dir))
                .isInstanceOf(MvccStorageException.class)
                .hasMessageContaining("corrupt value at revision 2.0")
                .hasMessageContaining(dir.toString());
    }

    private void overwriteValue(Revision revision, byte[] garbage) throws RocksDBException {
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY),
                new ColumnFamilyDescriptor(b("values")),
                new ColumnFamilyDescriptor(b("meta")));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions();
             RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
            db.put(handles.get(1), revision.encode(false), garbage);
            handles.forEach(ColumnFamilyHandle::close);
        }
    }
}
