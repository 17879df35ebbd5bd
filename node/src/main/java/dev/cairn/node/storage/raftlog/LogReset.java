package dev.cairn.node.storage.raftlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.TreeMap;

/**
 * Replaces every segment of a log directory with one new segment, crash-safely: the new segment is written and
 * synced as {@value #PENDING}, renamed to {@value #READY} (the commit point), then the old segments are deleted and
 * it takes a segment name. {@link #recover} finishes a reset found at {@value #READY} and drops one that never got
 * there, so a crash leaves the old log or the new one, never a mix.
 */
final class LogReset {
    static final String PENDING = "reset.pending";
    static final String READY = "reset.ready";
    private static final System.Logger LOG = System.getLogger(LogReset.class.getName());

    private LogReset() {
    }

    /** Makes {@code segmentBytes} the only segment of {@code dir}; returns its path. */
    static Path replaceSegments(Path dir, ByteBuffer segmentBytes) {
        Path pending = dir.resolve(PENDING);
        try (FileChannel out = FileChannel.open(pending, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (segmentBytes.hasRemaining()) {
                out.write(segmentBytes);
            }
            out.force(false);
            Files.move(pending, dir.resolve(READY), StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reset segment of raft log " + dir, e);
        }
        return finish(dir);
    }

    /** Completes or drops a reset a crash interrupted; called before the segments are replayed. */
    static void recover(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(PENDING));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the unfinished reset segment of raft log " + dir, e);
        }
        if (Files.exists(dir.resolve(READY))) {
            LOG.log(System.Logger.Level.WARNING, "finishing the interrupted reset of raft log {0}", dir);
            finish(dir);
        }
    }

    private static Path finish(Path dir) {
        TreeMap<Long, Path> old = segments(dir);
        long sequence = old.isEmpty() ? 0 : old.lastKey() + 1;
        Path target = dir.resolve(SegmentFile.fileName(sequence));
        try {
            for (Path segment : old.values()) {
                Files.delete(segment);
            }
            syncDirectory(dir); // no old segment may come back next to the new one
            Files.move(dir.resolve(READY), target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the segments of raft log " + dir, e);
        }
        return target;
    }

    private static TreeMap<Long, Path> segments(Path dir) {
        TreeMap<Long, Path> segments = new TreeMap<>();
        try (var files = Files.list(dir)) {
            files.forEach(file -> SegmentFile.sequenceOf(file).ifPresent(sequence -> segments.put(sequence, file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list raft log directory " + dir, e);
        }
        return segments;
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
