package dev.cairn.node.cli.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Renders a result as one JSON object on one line, for scripts: op, total, errors, seconds, rps and latencies in
 * milliseconds (avg, p50, p90, p99, p999, max), plus {@code error_messages} (message to count) and, for loads
 * that keep their own tallies, {@code counts} (name to count).
 */
public final class JsonReport {
    private JsonReport() {
    }

    public static String format(BenchResult result) {
        Histogram latencies = result.latencies();
        boolean any = latencies.getTotalCount() > 0;
        StringBuilder json = new StringBuilder("{");
        json.append("\"op\":").append(quote(result.op()));
        json.append(",\"total\":").append(result.total());
        json.append(",\"successes\":").append(result.successes());
        json.append(",\"errors\":").append(result.errorCount());
        json.append(",\"seconds\":").append(number(result.seconds()));
        json.append(",\"rps\":").append(number(result.requestsPerSecond()));
        json.append(",\"avg_ms\":").append(number(any ? latencies.getMean() / 1e6 : 0));
        json.append(",\"p50_ms\":").append(millisAt(latencies, 50));
        json.append(",\"p90_ms\":").append(millisAt(latencies, 90));
        json.append(",\"p99_ms\":").append(millisAt(latencies, 99));
        json.append(",\"p999_ms\":").append(millisAt(latencies, 99.9));
        json.append(",\"max_ms\":").append(number(any ? latencies.getMaxValue() / 1e6 : 0));
        json.append(",\"error_messages\":");
        appendCounts(json, new TreeMap<>(result.errors()));
        if (!result.counts().isEmpty()) {
            json.append(",\"counts\":");
            appendCounts(json, result.counts());
        }
        return json.append('}').toString();
    }

    private static void appendCounts(StringBuilder json, Map<String, Long> counts) {
        json.append('{');
        String separator = "";
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            json.append(separator).append(quote(entry.getKey())).append(':').append(entry.getValue());
            separator = ",";
        }
        json.append('}');
    }

    private static String millisAt(Histogram latencies, double percentile) {
        return number(latencies.getTotalCount() > 0 ? latencies.getValueAtPercentile(percentile) / 1e6 : 0);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
