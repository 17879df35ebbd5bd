package dev.cairn.node.storage.raftlog;

import dev.cairn.node.proto.raft.LogRecord;
import dev.cairn.node.raft.Entry;
import dev.cairn.node.raft.HardState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays the segments of a log directory in order, applying the log's rules: each segment starts where the
 * previous one ended, entries follow without gaps, an entry at or below the last index replaces that suffix
 * (a Raft conflict), and the last hard state wins. With {@code repairTornTail} a torn tail of the last segment
 * is cut off on disk; without it (a read-only replay) the same bytes are simply ignored.
 */
final class LogReplay {
    private static final System.Logger LOG = System.getLogger(LogReplay.class.getName());

    /** The state of the log after replay; {@code entries} is empty unless entries were collected. */
    record Result(List<SegmentFile> segments, HardState hardState, long firstIndex, long lastIndex, long lastTerm,
                  long lastSegmentLength, List<Entry> entries) {
    }

    private final SegmentScanner scanner = new SegmentScanner();
    private final boolean collectEntries;
    private final boolean repairTornTail;
    private final List<Entry> entries = new ArrayList<>();
    private HardState hardState = HardState.EMPTY;
    private long firstIndex = 1;
    private long lastIndex;
    private long lastTerm;

    private LogReplay(boolean collectEntries, boolean repairTornTail) {
        this.collectEntries = collectEntries;
        this.repairTornTail = repairTornTail;
    }

    /** Replays for opening: validates everything and cuts a torn tail; entries are not kept. */
    static Result recover(Path dir) {
        return new LogReplay(false, true).run(dir);
    }

    /** Replays to read the surviving entries; the files are not modified. */
    static Result read(Path dir) {
        return new LogReplay(true, false).run(dir);
    }

    /** Segment files of a directory ordered by sequence number. */
    private static Map<Long, Path> listSegments(Path dir) {
        TreeMap<Long, Path> segments = new TreeMap<>();
        try (var files = Files.list(dir)) {
            files.forEach(file -> SegmentFile.sequenceOf(file).ifPresent(sequence -> segments.put(sequence, file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list raft log directory " + dir, e);
        }
        return segments;
    }

    private Result run(Path dir) {
        List<SegmentFile> segments = new ArrayList<>();
        long lastSegmentLength = 0;
        Map<Long, Path> files = listSegments(dir);
        int remaining = files.size();
        for (Map.Entry<Long, Path> file : files.entrySet()) {
            boolean isLast = --remaining == 0;
            Path path = file.getValue();
            boolean isFirst = segments.isEmpty();
            SegmentScanner.Outcome outcome = scanner.scan(path, isLast, new SegmentScanner.RecordVisitor() {
                @Override
                public void header(SegmentHeader header) {
                    startSegment(header, path, isFirst);
                }

                @Override
                public void record(LogRecord record, long offset) {
                    apply(record, path, offset);
                }
            });
            if (outcome.header() == null) {
                if (repairTornTail) {
                    LOG.log(System.Logger.Level.WARNING, "removing raft log segment {0} left without a complete "
                            + "header by a crash", path);
                    delete(path);
                }
                continue;
            }
            if (outcome.isTorn() && repairTornTail) {
                LOG.log(System.Logger.Level.WARNING, "truncating torn tail of raft log segment {0} at offset {1}: {2}",
                        path, outcome.validLength(), outcome.tornReason());
                truncate(path, outcome.validLength());
            }
            segments.add(new SegmentFile(file.getKey(), path, outcome.header().firstIndex(),
                    outcome.header().previousTerm()));
            lastSegmentLength = outcome.validLength();
        }
        return new Result(List.copyOf(segments), hardState, firstIndex, lastIndex, lastTerm, lastSegmentLength,
                collectEntries ? List.copyOf(entries) : List.of());
    }

    private void startSegment(SegmentHeader header, Path file, boolean isFirst) {
        if (isFirst) {
            firstIndex = header.firstIndex();
            lastIndex = firstIndex - 1;
            lastTerm = header.previousTerm();
            return;
        }
        if (header.firstIndex() != lastIndex + 1 || header.previousTerm() != lastTerm) {
            throw new RaftLogCorruptedException(file, 0, "segment starts after index " + (header.firstIndex() - 1)
                    + " (term " + header.previousTerm() + ") but the previous segments end at index " + lastIndex
                    + " (term " + lastTerm + "): a segment is missing or damaged");
        }
    }

    private void apply(LogRecord record, Path file, long offset) {
        switch (record.getRecordCase()) {
            case HARD_STATE -> hardState = LogRecordCodec.toHardState(record.getHardState());
            case ENTRY -> applyEntry(LogRecordCodec.toEntry(record.getEntry()), file, offset);
            default -> throw new RaftLogCorruptedException(file, offset, "empty log record");
        }
    }

    private void applyEntry(Entry entry, Path file, long offset) {
        if (entry.index() > lastIndex + 1) {
            throw new RaftLogCorruptedException(file, offset, "gap in the log: entry " + entry.index()
                    + " follows entry " + lastIndex);
        }
        if (entry.index() < firstIndex) {
            throw new RaftLogCorruptedException(file, offset, "entry " + entry.index()
                    + " replaces an entry before the log's first index " + firstIndex);
        }
        if (collectEntries && entry.index() <= lastIndex) {
            entries.subList((int) (entry.index() - firstIndex), entries.size()).clear();
        }
        if (collectEntries) {
            entries.add(entry);
        }
        lastIndex = entry.index();
        lastTerm = entry.term();
    }

    private static void truncate(Path file, long length) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(length);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate torn tail of " + file, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove torn segment " + file, e);
        }
    }
}
