package dev.cairn.node.storage.raftlog;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A segment on disk: its sequence number (which orders segments), and the first index and previous term its
 * header declares.
 */
record SegmentFile(long sequence, Path path, long firstIndex, long previousTerm) {
    private static final Pattern NAME = Pattern.compile("(\\d{20})\\.wal");

    static String fileName(long sequence) {
        return String.format("%020d.wal", sequence);
    }

    /** The sequence number encoded in a segment file name, or empty for files that are not segments. */
    static Optional<Long> sequenceOf(Path file) {
        Matcher matcher = NAME.matcher(file.getFileName().toString());
        return matcher.matches() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
    }
}
