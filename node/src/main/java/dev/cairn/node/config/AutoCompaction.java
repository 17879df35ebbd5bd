package dev.cairn.node.config;

import java.time.Duration;

/**
 * etcd's automatic compaction setting. {@code periodic} keeps the revisions of the last {@code period};
 * {@code revision} keeps the last {@code revisions} revisions. A retention of 0 turns it off.
 */
public record AutoCompaction(Mode mode, Duration period, long revisions) {
    public enum Mode { OFF, PERIODIC, REVISION }

    public static final AutoCompaction OFF = new AutoCompaction(Mode.OFF, Duration.ZERO, 0);

    /**
     * Reads {@code --auto-compaction-mode} and {@code --auto-compaction-retention} as etcd does: a bare number is
     * hours in periodic mode and a revision count in revision mode; periodic mode also takes a Go duration.
     */
    static AutoCompaction parse(String mode, String retention) {
        if (!mode.equals("periodic") && !mode.equals("revision")) {
            throw new ConfigException("unknown auto-compaction-mode \"" + mode + "\" (use periodic or revision)");
        }
        if (retention.matches("\\d+")) {
            long number = parseNumber(retention);
            if (number == 0) {
                return OFF;
            }
            return mode.equals("revision")
                    ? new AutoCompaction(Mode.REVISION, Duration.ZERO, number)
                    : new AutoCompaction(Mode.PERIODIC, Duration.ofHours(number), 0);
        }
        if (mode.equals("revision")) {
            throw new ConfigException("invalid --auto-compaction-retention \"" + retention
                    + "\": revision mode takes a number of revisions");
        }
        Duration period = GoDuration.parse(retention).orElseThrow(() -> new ConfigException(
                "invalid --auto-compaction-retention \"" + retention + "\": use hours (e.g. 1) or a duration (e.g. 30m)"));
        return period.isZero() ? OFF : new AutoCompaction(Mode.PERIODIC, period, 0);
    }

    private static long parseNumber(String retention) {
        try {
            return Long.parseLong(retention);
        } catch (NumberFormatException e) {
            throw new ConfigException("invalid --auto-compaction-retention \"" + retention + "\": number too large");
        }
    }
}
