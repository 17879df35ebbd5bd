package dev.cairn.node.metrics;

import java.math.BigDecimal;

/**
 * Writes Prometheus' text exposition format (version 0.0.4): a HELP and a TYPE line per family, then its samples.
 * Labels are given as alternating names and values; values are escaped as the format requires.
 */
public final class PrometheusText {
    private final StringBuilder out;

    public PrometheusText(StringBuilder out) {
        this.out = out;
    }

    /** Starts a family; its samples must follow before the next family starts. */
    public PrometheusText family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ');
        escape(help, false);
        out.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    public PrometheusText sample(String name, long value, String... labels) {
        series(name, labels);
        out.append(value).append('\n');
        return this;
    }

    public PrometheusText sample(String name, double value, String... labels) {
        series(name, labels);
        out.append(number(value)).append('\n');
        return this;
    }

    /** A family of one unlabelled sample. */
    public PrometheusText gauge(String name, String help, long value) {
        return family(name, "gauge", help).sample(name, value);
    }

    public PrometheusText counter(String name, String help, long value) {
        return family(name, "counter", help).sample(name, value);
    }

    /** The {@code _bucket}, {@code _sum} and {@code _count} series of one histogram, with {@code labels} on each. */
    public PrometheusText histogram(String name, DurationHistogram histogram, String... labels) {
        double[] bounds = histogram.bounds();
        long[] cumulative = histogram.cumulativeCounts();
        String[] withBound = new String[labels.length + 2];
        System.arraycopy(labels, 0, withBound, 0, labels.length);
        withBound[labels.length] = "le";
        for (int i = 0; i < cumulative.length; i++) {
            withBound[labels.length + 1] = i < bounds.length ? number(bounds[i]) : "+Inf";
            sample(name + "_bucket", cumulative[i], withBound);
        }
        sample(name + "_sum", histogram.sumSeconds(), labels);
        // The +Inf bucket is the count: taking it from the same read keeps the two equal within one scrape.
        return sample(name + "_count", cumulative[cumulative.length - 1], labels);
    }

    /** Plain decimal, never exponent notation, no trailing zeros: 0.0001, 8.192, 1. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private void series(String name, String[] labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs for " + name);
        }
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"");
                escape(labels[i + 1], true);
                out.append('"');
            }
            out.append('}');
        }
        out.append(' ');
    }

    /** Backslash and newline are escaped everywhere; double quotes only in label values. */
    private void escape(String text, boolean labelValue) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(labelValue ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }
}
