package dev.cairn.node.storage.raftlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.node.raft.Entry;
import dev.cairn.node.raft.EntryType;
import dev.cairn.node.raft.HardState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaftLogStorageTest {
    @TempDir
    Path dir;

    static Entry entry(long term, long index) {
        return new Entry(term, index, index % 5 == 0 ? EntryType.CONF_CHANGE : EntryType.NORMAL,
                ("value-" + term + "-" + index).getBytes(StandardCharsets.UTF_8));
    }

    static List<Entry> entries(long term, long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(i -> entry(term, i)).toList();
    }

    @Test
    void newLogIsEmpty() {
        try (RaftLogStorage log = RaftLogStorage.open(dir.resolve("wal"))) {
            assertThat(log.hardState()).isEqualTo(HardState.EMPTY);
            assertThat(log.entries()).isEmpty();
            assertThat(log.firstIndex()).isEqualTo(1);
            assertThat(log.lastIndex()).isZero();
        }
        try (RaftLogStorage log = RaftLogStorage.open(dir.resolve("wal"))) {
            assertThat(log.entries()).isEmpty();
            assertThat(log.lastIndex()).isZero();
        }
    }

    @Test
    void savedStateSurvivesReopen() {
        try (RaftLogStorage log = RaftLogStorage.open(dir)) {
            log.save(new HardState(1, 1, 0), entries(1, 1, 3));
            log.save(new HardState(1, 1, 3), List.of());
            log.save(null, entries(1, 4, 4));
            assertThat(log.lastIndex()).isEqualTo(4);
        }
        try (RaftLogStorage log = RaftLogStorage.open(dir)) {
            assertThat(log.hardState()).isEqualTo(new HardState(1, 1, 3));
            assertThat(log.entries()).containsExactlyElementsOf(entries(1, 1, 4));
            assertThat(log.firstIndex()).isEqualTo(1);
            assertThat(log.lastIndex()).isEqualTo(4);
            log.save(null, entries(1, 5, 6));
        }
        try (RaftLogStorage log = RaftLogStorage.open(dir)) {
            assertThat(log.entries()).containsExactlyElementsOf(entries(1, 1, 6));
        }
    }

    @Test
    void entryAtOrBelowLastIndexReplacesTheSuffix() {
        try (RaftLogStorage log = RaftLogStorage.open(dir)) {
            log.save(new HardState(1, 1, 2), entries(1, 1, 5));
            log.save(new HardState(2, 2, 2), entries(2, 3, 4));
            assertThat(log.lastIndex()).isEqualTo(4);
            List<Entry> expected = new ArrayList<>(entries(1, 1, 2));
            expected.addAll(entries(2, 3, 4));
            assertThat(log.entries()).containsExactlyElementsOf(expected);
        }
        try (RaftLogStorage log = RaftLogStorage.open(dir)) {
            assertThat(log.lastIndex()).isEqualTo(4);
            assertThat(log.entries()).extracting(Entry::term).containsExactly(1L, 1L, 2L, 2L);
            log.save(null, entries(3, 1, 1));
            assertThat(log.entries()).containsExactly(entry(3, 1));
        }
    }

    @Test
    void appendsThatWouldLeaveAGapAreRejected() {
        try (RaftLogStorage log = RaftLogStorage.open(dir)) {
            log.save(null, entries(1, 1, 2));
            assertThatThrownBy(() -> log.save(null, entries(1, 4, 4)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> log.save(null, List.of(entry(1, 3), entry(1, 5))))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(log.lastIndex()).isEqualTo(2);
        }
    }

    @Test
    void segmentsRotateAndReleasedSegmentsLeaveAReopenableLog() throws IOException {
        try (RaftLogStorage log = RaftLogStorage.open(dir, 512, true)) {
            log.save(new HardState(1, 1, 0), List.of());
            for (long index = 1; index <= 60; index++) {
                log.save(index % 10 == 0 ? new HardState(index < 30 ? 1 : 2, 1, index - 1) : null,
                        List.of(entry(index < 30 ? 1 : 2, index)));
            }
            assertThat(segmentCount()).isGreaterThan(3);

            log.releaseUpTo(35);
            assertThat(log.firstIndex()).isGreaterThan(1).isLessThanOrEqualTo(36);
            assertThat(log.entries().getFirst().index()).isEqualTo(log.firstIndex());
            assertThat(log.entries().getLast().index()).isEqualTo(60);
        }
        try (RaftLogStorage log = RaftLogStorage.open(dir, 512, true)) {
            long first = log.firstIndex();
            assertThat(first).isGreaterThan(1).isLessThanOrEqualTo(36);
            assertThat(log.lastIndex()).isEqualTo(60);
            assertThat(log.hardState()).isEqualTo(new HardState(2, 1, 59));
            assertThat(log.termBeforeFirstIndex()).isEqualTo(first - 1 < 30 ? 1 : 2);
            List<Entry> expected = new ArrayList<>();
            for (long index = first; index <= 60; index++) {
                expected.add(entry(index < 30 ? 1 : 2, index));
            }
            assertThat(log.entries()).containsExactlyElementsOf(expected);

            log.releaseUpTo(1000);
            assertThat(segmentCount()).as("the active segment is never released").isEqualTo(1);
            log.save(null, entries(2, 61, 62));
        }
        try (RaftLogStorage log = RaftLogStorage.open(dir, 512, true)) {
            assertThat(log.lastIndex()).isEqualTo(62);
            assertThat(log.hardState()).as("each segment starts with the hard state")
                    .isEqualTo(new HardState(2, 1, 59));
            assertThat(log.entries().getLast()).isEqualTo(entry(2, 62));
        }
    }

    @Test
    void releaseKeepsSegmentsHoldingEntriesAboveTheIndex() throws IOException {
        try (RaftLogStorage log = RaftLogStorage.open(dir, 256, true)) {
            for (long index = 1; index <= 20; index++) {
                log.save(null, List.of(entry(1, index)));
            }
            int before = segmentCount();
            log.releaseUpTo(0);
            assertThat(segmentCount()).isEqualTo(before);
            assertThat(log.firstIndex()).isEqualTo(1);
        }
    }

    @Test
    void largeBatchIsSavedWhole() {
        List<Entry> batch = entries(1, 1, 5000);
        try (RaftLogStorage log = RaftLogStorage.open(dir)) {
            log.save(new HardState(1, 1, 0), batch);
        }
        try (RaftLogStorage log = RaftLogStorage.open(dir)) {
            assertThat(log.entries()).containsExactlyElementsOf(batch);
        }
    }

    private int segmentCount() throws IOException {
        try (var files = Files.list(dir)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".wal")).count();
        }
    }
}
