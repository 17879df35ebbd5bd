package dev.cairn.node.storage.raftlog;

import static dev.cairn.node.storage.raftlog.RaftLogStorageTest.entries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.node.raft.HardState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log restarted after a snapshot's index: durable, appendable, and crash-safe like every other write. */
class RaftLogResetTest {
    /** Small segments, so the logs below span several files. */
    private static final long SEGMENT_BYTES = 200;

    @TempDir
    Path dir;

    @Test
    void aResetLogStartsAfterTheIndexKeepsTheHardStateAndSurvivesReopening() throws IOException {
        Path wal = dir.resolve("wal");
        try (RaftLogStorage log = RaftLogStorage.open(wal, SEGMENT_BYTES, true)) {
            log.save(new HardState(2, 7, 8), entries(2, 1, 10));

            log.resetTo(20, 3);

            assertThat(log.firstIndex()).isEqualTo(21);
            assertThat(log.lastIndex()).isEqualTo(20);
            assertThat(log.termBeforeFirstIndex()).isEqualTo(3);
            assertThat(log.entries()).isEmpty();
            assertThat(log.hardState()).isEqualTo(new HardState(2, 7, 20));
        }
        try (RaftLogStorage log = RaftLogStorage.open(wal, SEGMENT_BYTES, true)) {
            assertThat(log.firstIndex()).isEqualTo(21);
            assertThat(log.lastIndex()).isEqualTo(20);
            assertThat(log.termBeforeFirstIndex()).isEqualTo(3);
            assertThat(log.entries()).isEmpty();
            assertThat(log.hardState()).isEqualTo(new HardState(2, 7, 20));
            assertThat(segmentFiles(wal)).hasSize(1);

            log.save(new HardState(3, 7, 30), entries(3, 21, 40)); // rotates through new segments
        }
        try (RaftLogStorage log = RaftLogStorage.open(wal, SEGMENT_BYTES, true)) {
            assertThat(log.firstIndex()).isEqualTo(21);
            assertThat(log.lastIndex()).isEqualTo(40);
            assertThat(log.entries()).containsExactlyElementsOf(entries(3, 21, 40));
            assertThat(log.hardState()).isEqualTo(new HardState(3, 7, 30));
            assertThat(log.termBeforeFirstIndex()).isEqualTo(3);
        }
    }

    @Test
    void aResetBelowTheLastIndexDropsTheConflictingTail() {
        try (RaftLogStorage log = RaftLogStorage.open(dir, SEGMENT_BYTES, true)) {
            log.save(new HardState(2, 1, 3), entries(2, 1, 10));

            log.resetTo(6, 4);
            log.save(null, entries(4, 7, 8));

            assertThat(log.entries()).containsExactlyElementsOf(entries(4, 7, 8));
        }
        try (RaftLogStorage log = RaftLogStorage.open(dir, SEGMENT_BYTES, true)) {
            assertThat(log.firstIndex()).isEqualTo(7);
            assertThat(log.entries()).containsExactlyElementsOf(entries(4, 7, 8));
            assertThat(log.hardState().commit()).isEqualTo(6);
        }
    }

    @Test
    void entriesThatDoNotFollowTheResetIndexAreRefused() {
        try (RaftLogStorage log = RaftLogStorage.open(dir)) {
            log.save(new HardState(1, 1, 1), entries(1, 1, 3));
            log.resetTo(10, 2);

            assertThatThrownBy(() -> log.save(null, entries(2, 10, 11))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> log.save(null, entries(2, 12, 12))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> log.resetTo(-1, 2)).isInstanceOf(IllegalArgumentException.class);
            log.save(null, entries(2, 11, 11));
            assertThat(log.lastIndex()).isEqualTo(11);
        }
    }

    @Test
    void aCrashWhileTheResetSegmentIsWrittenLeavesTheOldLog() throws IOException {
        Path wal = dir.resolve("wal");
        byte[] resetSegment = resetSegmentBytes(20, 3);
        writeOldLog(wal);
        Files.write(wal.resolve(LogReset.PENDING), java.util.Arrays.copyOf(resetSegment, resetSegment.length / 2));

        try (RaftLogStorage log = RaftLogStorage.open(wal, SEGMENT_BYTES, true)) {
            assertThat(log.entries()).containsExactlyElementsOf(entries(2, 1, 10));
            assertThat(log.firstIndex()).isEqualTo(1);
        }
        assertThat(wal.resolve(LogReset.PENDING)).doesNotExist();
    }

    @Test
    void aCrashAfterTheResetSegmentIsReadyFinishesTheResetWhateverOldSegmentsAreLeft() throws IOException {
        byte[] resetSegment = resetSegmentBytes(20, 3);
        for (int deletedBeforeCrash = 0; deletedBeforeCrash <= 3; deletedBeforeCrash++) {
            Path wal = dir.resolve("wal-" + deletedBeforeCrash);
            writeOldLog(wal);
            List<Path> old = segmentFiles(wal);
            assertThat(old).hasSize(3); // so the last round deletes every old segment
            for (Path segment : old.subList(0, deletedBeforeCrash)) {
                Files.delete(segment);
            }
            Files.write(wal.resolve(LogReset.READY), resetSegment);

            try (RaftLogStorage log = RaftLogStorage.open(wal, SEGMENT_BYTES, true)) {
                assertThat(log.firstIndex()).isEqualTo(21);
                assertThat(log.lastIndex()).isEqualTo(20);
                assertThat(log.termBeforeFirstIndex()).isEqualTo(3);
                assertThat(log.entries()).isEmpty();
                log.save(null, entries(3, 21, 22));
            }
            assertThat(wal.resolve(LogReset.READY)).doesNotExist();
            assertThat(segmentFiles(wal)).hasSize(1);
        }
    }

    private static void writeOldLog(Path wal) {
        try (RaftLogStorage log = RaftLogStorage.open(wal, SEGMENT_BYTES, true)) {
            for (long i = 1; i <= 10; i++) {
                log.save(new HardState(2, 1, i - 1), entries(2, i, i));
            }
        }
    }

    /** The bytes resetTo writes as the only segment, taken from a reset of a scratch log with the same state. */
    private byte[] resetSegmentBytes(long index, long term) throws IOException {
        Path scratch = dir.resolve("scratch");
        writeOldLog(scratch);
        try (RaftLogStorage log = RaftLogStorage.open(scratch, SEGMENT_BYTES, true)) {
            log.resetTo(index, term);
        }
        return Files.readAllBytes(segmentFiles(scratch).getFirst());
    }

    private static List<Path> segmentFiles(Path wal) throws IOException {
        try (Stream<Path> files = Files.list(wal)) {
            return files.filter(file -> SegmentFile.sequenceOf(file).isPresent()).sorted().toList();
        }
    }
}
