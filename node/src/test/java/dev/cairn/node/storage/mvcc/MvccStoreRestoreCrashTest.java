package dev.cairn.node.storage.mvcc;

import static dev.cairn.node.storage.mvcc.StoreContent.compact;
import static dev.cairn.node.storage.mvcc.StoreContent.delete;
import static dev.cairn.node.storage.mvcc.StoreContent.putAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The process dies after each step of replacing the store's directory: reopening gives the old content when the
 * swap had not reached its commit point, the new content after it, and never leaves a staged or replaced copy.
 */
class MvccStoreRestoreCrashTest {
    /** Thrown by the step listener: everything after the step never happens, as when the process dies there. */
    private static final class SimulatedCrash extends RuntimeException {
    }

    @TempDir
    Path dir;

    private Path targetDir;
    private Path staged;
    private StoreContent oldContent;
    private StoreContent newContent;

    @BeforeEach
    void prepare() {
        targetDir = dir.resolve("db");
        staged = dir.resolve("staged");
        try (MvccStore target = MvccStore.open(targetDir)) {
            putAll(target, 1, "old", "o1", "o2");
            oldContent = StoreContent.of(target);
        }
        try (MvccStore source = MvccStore.open(dir.resolve("source"))) {
            putAll(source, 1, "new", "n1", "n2", "n3");
            delete(source, 2, "n2");
            putAll(source, 3, "newer", "n1");
            compact(source, 4, 3);
            newContent = StoreContent.of(source);
            source.checkpoint(staged);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreDirectorySwap.Step.class)
    void reopeningAfterACrashAtEachStepGivesTheOldOrTheNewContent(StoreDirectorySwap.Step crashAfter) {
        crashDuringRestore(crashAfter);

        try (MvccStore reopened = MvccStore.open(targetDir)) {
            StoreContent expected = crashAfter == StoreDirectorySwap.Step.STAGED ? oldContent : newContent;
            assertThat(StoreContent.of(reopened)).isEqualTo(expected);
        }
        assertNoLeftovers();
    }

    @Test
    void anEmptyStoreDirectoryCreatedBeforeReopeningDoesNotHideTheCommittedSwap() throws IOException {
        crashDuringRestore(StoreDirectorySwap.Step.OLD_MOVED_ASIDE);
        Files.createDirectories(targetDir); // the node creates its directories before opening the store

        try (MvccStore reopened = MvccStore.open(targetDir)) {
            assertThat(StoreContent.of(reopened)).isEqualTo(newContent);
        }
        assertNoLeftovers();
    }

    @Test
    void aCrashWhileDeletingTheReplacedStoreIsFinishedAtReopening() throws IOException {
        crashDuringRestore(StoreDirectorySwap.Step.NEW_IN_PLACE);
        Path replaced = StoreDirectorySwap.oldOf(targetDir);
        try (Stream<Path> files = Files.list(replaced)) {
            for (Path file : files.limit(2).toList()) {
                Files.delete(file);
            }
        }

        try (MvccStore reopened = MvccStore.open(targetDir)) {
            assertThat(StoreContent.of(reopened)).isEqualTo(newContent);
        }
        assertNoLeftovers();
    }

    @Test
    void aLeftoverThatNoSwapLeavesIsRefusedWithAClearError() throws IOException {
        crashDuringRestore(StoreDirectorySwap.Step.NEW_IN_PLACE);
        Files.createDirectories(StoreDirectorySwap.incomingOf(targetDir)); // db, db.old and db.incoming: no step
        Files.writeString(StoreDirectorySwap.incomingOf(targetDir).resolve("CURRENT"), "x");

        assertThatThrownBy(() -> MvccStore.open(targetDir)).isInstanceOf(MvccStorageException.class)
                .hasMessageContaining("no interrupted replacement leaves behind");
    }

    private void crashDuringRestore(StoreDirectorySwap.Step crashAfter) {
        MvccStore target = MvccStore.open(targetDir);
        try {
            assertThatThrownBy(() -> target.restoreFrom(staged, step -> {
                if (step == crashAfter) {
                    throw new SimulatedCrash();
                }
            })).isInstanceOf(SimulatedCrash.class);
            if (crashAfter != StoreDirectorySwap.Step.STAGED) {
                assertThatThrownBy(() -> target.range(StoreContent.ALL, 0, 0, false))
                        .isInstanceOf(MvccStorageException.class).hasMessageContaining("reopen");
            }
        } finally {
            target.close(); // releases what the dead process would have: RocksDB's lock on the directory
        }
    }

    private void assertNoLeftovers() {
        for (Path leftover : List.of(StoreDirectorySwap.incomingOf(targetDir), StoreDirectorySwap.oldOf(targetDir),
                staged)) {
            assertThat(leftover).doesNotExist();
        }
    }
}
