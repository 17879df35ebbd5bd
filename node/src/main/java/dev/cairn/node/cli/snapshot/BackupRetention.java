package dev.cairn.node.cli.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which backups to keep: the newest {@code keepLast}, and those taken within {@code keepWithin} of now. A backup
 * is kept when any rule set keeps it; with no rule set every backup is kept.
 */
record BackupRetention(OptionalInt keepLast, Optional<Duration> keepWithin) {

    BackupRetention {
        if (keepLast.isPresent() && keepLast.getAsInt() < 1) {
            throw new SnapshotUsageException("--keep-last must be at least 1, got " + keepLast.getAsInt());
        }
        if (keepWithin.isPresent() && (keepWithin.get().isNegative() || keepWithin.get().isZero())) {
            throw new SnapshotUsageException("--keep-within must be a positive duration, got " + keepWithin.get());
        }
    }

    /** The backups to delete, oldest first. */
    List<BackupFileName> expired(List<BackupFileName> backups, Instant now) {
        if (keepLast.isEmpty() && keepWithin.isEmpty()) {
            return List.of();
        }
        List<BackupFileName> newestFirst = backups.stream()
                .sorted(Comparator.comparing(BackupFileName::takenAt).reversed()).toList();
        return newestFirst.stream()
                .filter(backup -> !keptByCount(newestFirst.indexOf(backup)) && !keptByAge(backup, now))
                .sorted(Comparator.comparing(BackupFileName::takenAt))
                .toList();
    }

    private boolean keptByCount(int rank) {
        return keepLast.isPresent() && rank < keepLast.getAsInt();
    }

    private boolean keptByAge(BackupFileName backup, Instant now) {
        return keepWithin.isPresent() && !backup.takenAt().isBefore(now.minus(keepWithin.get()));
    }
}
