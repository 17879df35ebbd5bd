package dev.cairn.node.cli.snapshot;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A backup's file name, {@code <prefix>-<UTC timestamp>-rev<revision>.snap} (timestamp {@code 20261124T103000Z}),
 * with its SHA-256 in {@code <name>.sha256} next to it in {@code sha256sum} format.
 */
record BackupFileName(String prefix, Instant takenAt, long revision) {

    static final String SUFFIX = ".snap";
    static final String HASH_SUFFIX = ".sha256";
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("(.+)-(\\d{8}T\\d{6}Z)-rev(\\d+)" + Pattern.quote(SUFFIX));

    String fileName() {
        return prefix + "-" + TIMESTAMP.format(takenAt) + "-rev" + revision + SUFFIX;
    }

    String hashFileName() {
        return fileName() + HASH_SUFFIX;
    }

    /** The backup a file name stands for, when it is one of {@code prefix}'s backups. */
    static Optional<BackupFileName> parse(String fileName, String prefix) {
        Matcher matcher = NAME.matcher(fileName);
        if (!matcher.matches() || !matcher.group(1).equals(prefix)) {
            return Optional.empty();
        }
        Instant takenAt = TIMESTAMP.parse(matcher.group(2), Instant::from);
        return Optional.of(new BackupFileName(prefix, takenAt, Long.parseLong(matcher.group(3))));
    }

    /** Seconds are the name's resolution. */
    static BackupFileName of(String prefix, Instant takenAt, long revision) {
        return new BackupFileName(prefix, takenAt.truncatedTo(ChronoUnit.SECONDS), revision);
    }
}
