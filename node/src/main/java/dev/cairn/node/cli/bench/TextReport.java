package dev.cairn.node.cli.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** Renders a result in the layout of etcd's benchmark report, times in seconds. */
public final class TextReport {
    static final double[] PERCENTILES = {10, 25, 50, 75, 90, 95, 99, 99.9};
    private static final int HISTOGRAM_BUCKETS = 10;
    private static final int BAR_WIDTH = 40;

    private TextReport() {
    }

    public static String format(BenchResult result) {
        StringBuilder out = new StringBuilder();
        Histogram latencies = result.latencies();
        out.append("\nSummary:\n");
        line(out, "  Total:\t%.4f secs.%n", result.seconds());
        if (latencies.getTotalCount() > 0) {
            line(out, "  Slowest:\t%.4f secs.%n", seconds(latencies.getMaxValue()));
            line(out, "  Fastest:\t%.4f secs.%n", seconds(latencies.getMinValue()));
            line(out, "  Average:\t%.4f secs.%n", latencies.getMean() / 1e9);
            line(out, "  Stddev:\t%.4f secs.%n", latencies.getStdDeviation() / 1e9);
        }
        line(out, "  Requests/sec:\t%.4f%n", result.requestsPerSecond());
        if (!result.counts().isEmpty()) {
            out.append("\nCounts:\n");
            result.counts().forEach((name, count) -> line(out, "  %s:\t%d%n", name, count));
        }
        if (latencies.getTotalCount() > 0) {
            appendHistogram(out, latencies);
            out.append("\nLatency distribution:\n");
            for (double percentile : PERCENTILES) {
                line(out, "  %s%% in %.4f secs.%n", percentileLabel(percentile),
                        seconds(latencies.getValueAtPercentile(percentile)));
            }
        }
        if (!result.errors().isEmpty()) {
            line(out, "%nError distribution (%d of %d requests failed):%n", result.errorCount(), result.total());
            for (Map.Entry<String, Long> error : new TreeMap<>(result.errors()).entrySet()) {
                line(out, "  [%d]\t%s%n", error.getValue(), error.getKey());
            }
        }
        return out.toString();
    }

    /** Ten equal-width buckets between the fastest and slowest request, each labelled by its upper bound. */
    private static void appendHistogram(StringBuilder out, Histogram latencies) {
        long min = latencies.getMinValue();
        long max = latencies.getMaxValue();
        double width = Math.max(1, (double) (max - min) / HISTOGRAM_BUCKETS);
        long[] counts = new long[HISTOGRAM_BUCKETS];
        for (HistogramIterationValue value : latencies.recordedValues()) {
            long latency = Math.min(max, value.getValueIteratedTo());
            int bucket = (int) Math.min(HISTOGRAM_BUCKETS - 1, Math.floor((latency - min) / width));
            counts[bucket] += value.getCountAtValueIteratedTo();
        }
        long tallest = 0;
        for (long count : counts) {
            tallest = Math.max(tallest, count);
        }
        out.append("\nResponse time histogram:\n");
        for (int bucket = 0; bucket < HISTOGRAM_BUCKETS; bucket++) {
            int bar = (int) (counts[bucket] * BAR_WIDTH / tallest);
            long upperBound = bucket == HISTOGRAM_BUCKETS - 1 ? max : (long) (min + (bucket + 1) * width);
            line(out, "  %.4f [%d]\t|%s%n", seconds(upperBound), counts[bucket], "∎".repeat(bar));
        }
    }

    private static String percentileLabel(double percentile) {
        return percentile == Math.rint(percentile) ? String.valueOf((long) percentile) : String.valueOf(percentile);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args));
    }
}
