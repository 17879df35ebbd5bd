package dev.cairn.node.cli.snapshot;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Sizes as etcdctl prints them (go-humanize {@code Bytes}: SI units, one decimal below 10). */
final class HumanBytes {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private HumanBytes() {
    }

    static String format(long bytes) {
        if (bytes < 10) {
            return bytes + " B";
        }
        int exponent = (int) Math.floor(Math.log(bytes) / Math.log(1000));
        double value = Math.floor(bytes / Math.pow(1000, exponent) * 10 + 0.5) / 10;
        // Go's %.0f / %.1f round half to even on the exact binary value, as BigDecimal does here.
        BigDecimal exact = new BigDecimal(value);
        String number = exact.setScale(value < 10 ? 1 : 0, RoundingMode.HALF_EVEN).toPlainString();
        return number + " " + UNITS[exponent];
    }
}
