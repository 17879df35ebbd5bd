package dev.cairn.node.cli.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a failover probe measured: nanoseconds from the kill to the first successful put ({@code -1} when none
 * succeeded in time), the number of put attempts after the kill, and the failed puts by message.
 */
public record FailoverResult(long nanosToFirstWrite, long attempts, Map<String, Long> errors) {

    public FailoverResult {
        errors = Map.copyOf(errors);
    }

    public boolean recovered() {
        return nanosToFirstWrite >= 0;
    }

    public String text() {
        StringBuilder text = new StringBuilder();
        if (recovered()) {
            text.append(String.format(Locale.ROOT, "first successful put %.1f ms after the kill (%d attempts)",
                    nanosToFirstWrite / 1e6, attempts));
        } else {
            text.append("no put succeeded after the kill (").append(attempts).append(" attempts)");
        }
        new TreeMap<>(errors).forEach((message, count) ->
                text.append('\n').append(count).append(" x ").append(message));
        return text.toString();
    }

    /** One JSON object on one line: op, recovered, ms (-1 when not recovered), attempts, error_messages. */
    public String json() {
        StringBuilder json = new StringBuilder("{\"op\":\"failover\"");
        json.append(",\"recovered\":").append(recovered());
        json.append(",\"ms\":").append(String.format(Locale.ROOT, "%.4f", recovered() ? nanosToFirstWrite / 1e6 : -1));
        json.append(",\"attempts\":").append(attempts);
        json.append(",\"error_messages\":{");
        String separator = "";
        for (Map.Entry<String, Long> error : new TreeMap<>(errors).entrySet()) {
            json.append(separator).append(JsonReport.quote(error.getKey())).append(':').append(error.getValue());
            separator = ",";
        }
        return json.append("}}").toString();
    }
}
