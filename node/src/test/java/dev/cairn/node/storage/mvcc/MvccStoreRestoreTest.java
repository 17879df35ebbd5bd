package dev.cairn.node.storage.mvcc;

import static dev.cairn.node.storage.mvcc.StoreContent.compact;
import static dev.cairn.node.storage.mvcc.StoreContent.delete;
import static dev.cairn.node.storage.mvcc.StoreContent.putAll;
import static dev.cairn.node.storage.mvcc.StoreContent.writeMeta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running store replaced by another store's checkpoint, as a follower installs the leader's snapshot. */
class MvccStoreRestoreTest {
    @TempDir
    Path dir;

    /** The leader's store: puts, a delete, an overwrite, a compaction and server metadata, applied up to 6. */
    private static void writeSourceContent(MvccStore source) {
        putAll(source, 1, "a", "k1", "k2", "k3");
        delete(source, 2, "k2");
        putAll(source, 3, "b", "k1", "k4");
        compact(source, 4, 4);
        writeMeta(source, 5, "members", "m1,m2");
        putAll(source, 6, "c", "k5");
    }

    @Test
    void restoreReplacesTheWholeContentAndSurvivesReopening() {
        StoreContent expected;
        try (MvccStore source = MvccStore.open(dir.resolve("source"));
             MvccStore target = MvccStore.open(dir.resolve("target"))) {
            writeSourceContent(source);
            putAll(target, 1, "old", "x1", "x2");
            writeMeta(target, 2, "alarms", "nospace");
            expected = StoreContent.of(source);
            source.checkpoint(dir.resolve("staged"));

            target.restoreFrom(dir.resolve("staged"));

            assertThat(StoreContent.of(target)).isEqualTo(expected);
            assertThat(target.consistentIndex()).isEqualTo(6);
            assertThat(target.readMeta("alarms")).isEmpty();
            assertThat(target.readMeta("members")).hasValueSatisfying(
                    v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("m1,m2"));
            assertThat(dir.resolve("staged")).doesNotExist();
            putAll(target, 7, "d", "k6"); // the apply thread goes on writing after the snapshot
            assertThat(target.currentRevision()).isEqualTo(expected.revision() + 1);
        }
        try (MvccStore reopened = MvccStore.open(dir.resolve("target"))) {
            assertThat(reopened.consistentIndex()).isEqualTo(7);
            assertThat(reopened.range(StoreContent.ALL, expected.revision(), 0, false).kvs())
                    .isEqualTo(expected.kvs());
        }
        assertThat(dir.resolve("target.incoming")).doesNotExist();
        assertThat(dir.resolve("target.old")).doesNotExist();
    }

    @Test
    void compactionWorkOfTheReplacedContentIsDroppedNotAppliedToTheNewOne() {
        ManualCompactionExecutor targetCompactions = new ManualCompactionExecutor();
        try (MvccStore source = MvccStore.open(dir.resolve("source"));
             MvccStore target = MvccStore.open(dir.resolve("target"), targetCompactions)) {
            // Both stores hold revisions 2..4; the target's compaction would delete values 2 and 3.
            putAll(source, 1, "s", "s1");
            putAll(source, 2, "s", "s2");
            putAll(source, 3, "s", "s3");
            putAll(target, 1, "t1", "a");
            putAll(target, 2, "t2", "a");
            putAll(target, 3, "t3", "a");
            CompletableFuture<Void> targetCompaction = compact(target, 4, 4);
            assertThat(targetCompactions.pendingCount()).isEqualTo(1);
            StoreContent expected = StoreContent.of(source);
            source.checkpoint(dir.resolve("staged"));

            target.restoreFrom(dir.resolve("staged"));
            targetCompactions.runAll();

            assertThat(targetCompaction).isCompletedExceptionally();
            assertThatThrownBy(targetCompaction::join).hasCauseInstanceOf(CancellationException.class);
            assertThat(StoreContent.of(target)).isEqualTo(expected);
            assertThat(target.history(2, 4, 10)).hasSize(3);
        }
    }

    @Test
    void aCompactionTheSnapshotRecordsUnfinishedIsResumed() {
        ManualCompactionExecutor sourceCompactions = new ManualCompactionExecutor();
        ManualCompactionExecutor targetCompactions = new ManualCompactionExecutor();
        try (MvccStore source = MvccStore.open(dir.resolve("source"), sourceCompactions);
             MvccStore target = MvccStore.open(dir.resolve("target"), targetCompactions)) {
            for (int i = 1; i <= 5; i++) {
                putAll(source, i, "v" + i, "k");
            }
            compact(source, 6, 5); // scheduled, not run: the checkpoint still holds revisions 2..4
            source.checkpoint(dir.resolve("staged"));
            putAll(target, 1, "t", "x");

            target.restoreFrom(dir.resolve("staged"));
            long keysBefore = target.totalKeys();
            assertThat(targetCompactions.pendingCount()).isEqualTo(1);
            targetCompactions.runAll();

            assertThat(target.compactRevision()).isEqualTo(5);
            assertThat(target.totalKeys()).isEqualTo(keysBefore - 3);
            assertThat(target.range(StoreContent.ALL, 0, 0, false).kvs()).singleElement()
                    .satisfies(kv -> assertThat(kv.getValue().toStringUtf8()).isEqualTo("v5"));
        }
    }

    @Test
    void aDirectoryThatIsNoStoreIsRefusedAndTheStoreStaysAsItWas() throws IOException {
        try (MvccStore target = MvccStore.open(dir.resolve("target"))) {
            putAll(target, 1, "old", "x1");
            StoreContent before = StoreContent.of(target);
            Path junk = Files.createDirectories(dir.resolve("junk"));
            Files.writeString(junk.resolve("CURRENT"), "not a manifest name\n");

            assertThatThrownBy(() -> target.restoreFrom(junk)).isInstanceOf(MvccStorageException.class)
                    .hasMessageContaining(junk.toString());
            assertThatThrownBy(() -> target.restoreFrom(dir.resolve("missing")))
                    .isInstanceOf(MvccStorageException.class);

            assertThat(StoreContent.of(target)).isEqualTo(before);
            assertThat(dir.resolve("target.incoming")).doesNotExist();
        }
    }

    @Test
    void aWriteBatchBegunBeforeTheRestoreCannotCommitIntoTheNewContent() {
        try (MvccStore source = MvccStore.open(dir.resolve("source"));
             MvccStore target = MvccStore.open(dir.resolve("target"))) {
            writeSourceContent(source);
            StoreContent expected = StoreContent.of(source);
            source.checkpoint(dir.resolve("staged"));
            try (MvccWriteBatch stale = target.beginWrite()) {
                stale.beginRequest();
                stale.put(StoreContent.bytes("late"), ByteString.copyFromUtf8("x"), 0);
                stale.endRequest();

                target.restoreFrom(dir.resolve("staged"));

                assertThatThrownBy(() -> stale.commit(7)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("replaced by a snapshot");
            }
            assertThat(StoreContent.of(target)).isEqualTo(expected);
        }
    }

    @Test
    void aClosedStoreRefusesToBeRestoredAndToBeRead() {
        MvccStore source = MvccStore.open(dir.resolve("source"));
        source.checkpoint(dir.resolve("staged"));
        source.close();
        MvccStore target = MvccStore.open(dir.resolve("target"));
        target.close();

        assertThatThrownBy(() -> target.restoreFrom(dir.resolve("staged"))).isInstanceOf(MvccStorageException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> target.range(StoreContent.ALL, 0, 0, false))
                .isInstanceOf(MvccStorageException.class).hasMessageContaining("closed");
        assertThat(dir.resolve("staged")).exists();
    }
}
