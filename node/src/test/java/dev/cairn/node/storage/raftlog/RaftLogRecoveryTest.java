package dev.cairn.node.storage.raftlog;

import static dev.cairn.node.storage.raftlog.RaftLogStorageTest.entries;
import static dev.cairn.node.storage.raftlog.RaftLogStorageTest.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.node.raft.HardState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash and damage scenarios: what a torn write leaves behind is cut off, anything else refuses to open. */
class RaftLogRecoveryTest {
    private static final Path SEGMENT = Path.of(SegmentFile.fileName(0));

    @TempDir
    Path dir;

    /** Segments that hold exactly the bytes written, so that a test can cut and damage them by offset. */
    private static RaftLogStorage openUnallocated(Path logDir) {
        return RaftLogStorage.open(logDir, RaftLogStorage.DEFAULT_SEGMENT_BYTES, false);
    }

    /**
     * Writes {@code saves} saves of two entries and a hard state each (save k holds entries 2k-1 and 2k) and
     * returns the segment length after each save (element 0 = before any save).
     */
    private List<Long> writeLog(Path logDir, int saves) throws IOException {
        List<Long> lengths = new ArrayList<>();
        try (RaftLogStorage log = openUnallocated(logDir)) {
            lengths.add(Files.size(logDir.resolve(SEGMENT)));
            for (long save = 1; save <= saves; save++) {
                log.save(stateAfter(save), entries(1, 2 * save - 1, 2 * save));
                lengths.add(Files.size(logDir.resolve(SEGMENT)));
            }
        }
        return lengths;
    }

    private static HardState stateAfter(long saves) {
        return saves == 0 ? HardState.EMPTY : new HardState(1, 1, 2 * saves - 1);
    }

    @Test
    void crashAtEveryByteOfTheLastSavesKeepsExactlyTheCompleteSaves() throws IOException {
        Path original = dir.resolve("original");
        List<Long> lengths = writeLog(original, 8);
        byte[] full = Files.readAllBytes(original.resolve(SEGMENT));
        int completeSavesAlwaysKept = 5;
        for (long cut = lengths.get(completeSavesAlwaysKept); cut <= full.length; cut++) {
            Path crashed = dir.resolve("cut-" + cut);
            Files.createDirectories(crashed);
            Files.write(crashed.resolve(SEGMENT), java.util.Arrays.copyOf(full, (int) cut));

            int survivingSaves = 0;
            while (survivingSaves + 1 < lengths.size() && lengths.get(survivingSaves + 1) <= cut) {
                survivingSaves++;
            }
            long lastIndex = 2L * survivingSaves;
            try (RaftLogStorage log = openUnallocated(crashed)) {
                assertThat(log.lastIndex()).as("cut at %d", cut).isEqualTo(lastIndex);
                assertThat(log.entries()).as("cut at %d", cut).containsExactlyElementsOf(entries(1, 1, lastIndex));
                assertThat(log.hardState()).as("cut at %d", cut).isEqualTo(stateAfter(survivingSaves));
                // A torn tail is cut off; zeros (a length field's leading byte) are left as the unwritten rest.
                assertThat(dataLength(crashed.resolve(SEGMENT))).as("torn bytes removed, cut at %d", cut)
                        .isLessThanOrEqualTo(lengths.get(survivingSaves));
                log.save(null, List.of(entry(2, lastIndex + 1)));
            }
            try (RaftLogStorage log = openUnallocated(crashed)) {
                assertThat(log.lastIndex()).as("appending after recovery, cut at %d", cut).isEqualTo(lastIndex + 1);
            }
        }
    }

    @Test
    void zeroFilledTailIsTheEndOfTheDataAndAppendsGoRightAfterIt() throws IOException {
        writeLog(dir, 3);
        Path segment = dir.resolve(SEGMENT);
        long length = Files.size(segment);
        Files.write(segment, new byte[4096], StandardOpenOption.APPEND);
        try (RaftLogStorage log = openUnallocated(dir)) {
            assertThat(log.entries()).containsExactlyElementsOf(entries(1, 1, 6));
            log.save(null, List.of(entry(1, 7)));
        }
        try (RaftLogStorage log = openUnallocated(dir)) {
            assertThat(log.entries()).containsExactlyElementsOf(entries(1, 1, 7));
        }
        assertThat(Files.size(segment)).as("the appended entry overwrote zeros").isEqualTo(length + 4096);
    }

    @Test
    void preallocatedSegmentsKeepTheirSizeAcrossSavesRestartsAndRotation() throws IOException {
        try (RaftLogStorage log = RaftLogStorage.open(dir, 4096, true)) {
            assertThat(Files.size(dir.resolve(SEGMENT))).isEqualTo(4096);
            for (long index = 1; index <= 5; index++) {
                log.save(new HardState(1, 1, index - 1), List.of(entry(1, index)));
            }
        }
        try (RaftLogStorage log = RaftLogStorage.open(dir, 4096, true)) {
            assertThat(log.entries()).containsExactlyElementsOf(entries(1, 1, 5));
            assertThat(log.hardState()).isEqualTo(new HardState(1, 1, 4));
            for (long index = 6; index <= 200; index++) {
                log.save(null, List.of(entry(1, index)));
            }
        }
        try (RaftLogStorage log = RaftLogStorage.open(dir, 4096, true)) {
            assertThat(log.entries()).containsExactlyElementsOf(entries(1, 1, 200));
            assertThat(log.hardState()).isEqualTo(new HardState(1, 1, 4));
        }
        List<Path> segments;
        try (var files = Files.list(dir)) {
            segments = files.sorted().toList();
        }
        assertThat(segments).hasSizeGreaterThan(1);
        for (Path segment : segments) {
            assertThat(Files.size(segment)).as("%s", segment.getFileName()).isGreaterThanOrEqualTo(4096);
        }
    }

    @Test
    void tornLastSaveInAPreallocatedSegmentIsDroppedAndTheSegmentStaysPreallocated() throws IOException {
        long lastSaveStart;
        try (RaftLogStorage log = RaftLogStorage.open(dir, 1 << 20, true)) {
            log.save(new HardState(1, 1, 0), entries(1, 1, 2));
            log.save(new HardState(1, 1, 2), entries(1, 3, 4));
            lastSaveStart = dataLength(dir.resolve(SEGMENT));
            log.save(new HardState(1, 1, 4), entries(1, 5, 6));
        }
        flipByte(dir.resolve(SEGMENT), dataLength(dir.resolve(SEGMENT)) - 3);
        try (RaftLogStorage log = RaftLogStorage.open(dir, 1 << 20, true)) {
            assertThat(log.entries()).containsExactlyElementsOf(entries(1, 1, 4));
            assertThat(log.hardState()).isEqualTo(new HardState(1, 1, 2));
            assertThat(Files.size(dir.resolve(SEGMENT))).isEqualTo(1 << 20);
            assertThat(dataLength(dir.resolve(SEGMENT))).isEqualTo(lastSaveStart);
            log.save(null, List.of(entry(2, 5)));
        }
        try (RaftLogStorage log = RaftLogStorage.open(dir, 1 << 20, true)) {
            assertThat(log.entries()).containsExactlyElementsOf(
                    java.util.stream.Stream.concat(entries(1, 1, 4).stream(), java.util.stream.Stream.of(entry(2, 5)))
                            .toList());
        }
    }

    /** Where the zeros at the end of a preallocated segment begin. */
    private static long dataLength(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return end;
    }

    @Test
    void flippedByteInTheLastRecordIsATornWriteThatDropsItsWholeSave() throws IOException {
        List<Long> lengths = writeLog(dir, 4);
        flipByte(dir.resolve(SEGMENT), lengths.get(4) - 3);
        try (RaftLogStorage log = openUnallocated(dir)) {
            assertThat(log.lastIndex()).isEqualTo(6);
            assertThat(log.entries()).containsExactlyElementsOf(entries(1, 1, 6));
            assertThat(log.hardState()).isEqualTo(stateAfter(3));
        }
    }

    @Test
    void saveCutAtARecordBoundaryIsDroppedWhole() throws IOException {
        List<Long> lengths = writeLog(dir, 2);
        Path segment = dir.resolve(SEGMENT);
        byte[] full = Files.readAllBytes(segment);
        int firstRecordOfLastSave = lengths.get(1).intValue();
        int recordLength = java.nio.ByteBuffer.wrap(full, firstRecordOfLastSave, 4).getInt();
        int cut = firstRecordOfLastSave + RecordEncoder.FRAME_HEADER_SIZE + recordLength;
        Files.write(segment, java.util.Arrays.copyOf(full, cut));
        try (RaftLogStorage log = openUnallocated(dir)) {
            assertThat(log.entries()).containsExactlyElementsOf(entries(1, 1, 2));
            assertThat(log.hardState()).isEqualTo(stateAfter(1));
        }
    }

    @Test
    void flippedByteInTheMiddleIsCorruption() throws IOException {
        List<Long> lengths = writeLog(dir, 6);
        long damaged = lengths.get(2) + 12;
        flipByte(dir.resolve(SEGMENT), damaged);
        assertThatThrownBy(() -> openUnallocated(dir))
                .isInstanceOf(RaftLogCorruptedException.class)
                .hasMessageContaining(SEGMENT.toString())
                .hasMessageContaining("offset " + lengths.get(2))
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("followed by a valid record");
    }

    @Test
    void damagedSegmentHeaderIsCorruption() throws IOException {
        writeLog(dir, 2);
        flipByte(dir.resolve(SEGMENT), 9);
        assertThatThrownBy(() -> openUnallocated(dir))
                .isInstanceOf(RaftLogCorruptedException.class)
                .hasMessageContaining("segment header checksum mismatch");
    }

    @Test
    void damageInASegmentThatIsNotTheLastIsCorruption() throws IOException {
        try (RaftLogStorage log = RaftLogStorage.open(dir, 256, true)) {
            for (long index = 1; index <= 20; index++) {
                log.save(null, List.of(entry(1, index)));
            }
        }
        Path first = dir.resolve(SEGMENT);
        try (FileChannel channel = FileChannel.open(first, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 2);
        }
        assertThatThrownBy(() -> RaftLogStorage.open(dir, 256, true))
                .isInstanceOf(RaftLogCorruptedException.class)
                .hasMessageContaining("not the last");
    }

    @Test
    void missingSegmentIsAGap() throws IOException {
        try (RaftLogStorage log = RaftLogStorage.open(dir, 256, true)) {
            for (long index = 1; index <= 30; index++) {
                log.save(null, List.of(entry(1, index)));
            }
        }
        Files.delete(dir.resolve(SegmentFile.fileName(1)));
        assertThatThrownBy(() -> RaftLogStorage.open(dir, 256, true))
                .isInstanceOf(RaftLogCorruptedException.class)
                .hasMessageContaining(SegmentFile.fileName(2))
                .hasMessageContaining("a segment is missing");
    }

    @Test
    void lastSegmentWithoutACompleteHeaderIsRemoved() throws IOException {
        try (RaftLogStorage log = RaftLogStorage.open(dir, 256, true)) {
            for (long index = 1; index <= 10; index++) {
                log.save(null, List.of(entry(1, index)));
            }
        }
        Path torn = dir.resolve(SegmentFile.fileName(99));
        Files.write(torn, new byte[] {0x43, 0x52});
        try (RaftLogStorage log = RaftLogStorage.open(dir, 256, true)) {
            assertThat(log.entries()).containsExactlyElementsOf(entries(1, 1, 10));
        }
        assertThat(torn).doesNotExist();
    }

    @Test
    void entryWithAGapInsideASegmentIsCorruption() throws IOException {
        try (RaftLogStorage log = openUnallocated(dir)) {
            log.save(null, entries(1, 1, 2));
        }
        // Append a well-formed record whose index skips ahead, as only a bug or tampering could produce.
        RecordEncoder encoder = new RecordEncoder();
        encoder.append(LogRecordCodec.toRecord(entry(1, 4)));
        encoder.markSaveEnd();
        ByteBuffer bytes = encoder.encoded();
        try (FileChannel channel = FileChannel.open(dir.resolve(SEGMENT), StandardOpenOption.APPEND)) {
            channel.write(bytes);
        }
        assertThatThrownBy(() -> openUnallocated(dir))
                .isInstanceOf(RaftLogCorruptedException.class)
                .hasMessageContaining("gap in the log: entry 4 follows entry 2");
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.flip();
            one.put(0, (byte) (one.get(0) ^ 0x5a));
            channel.write(one, offset);
        }
    }

}
