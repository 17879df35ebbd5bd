package dev.cairn.node.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Formats a record as one line of JSON in the shape etcd's zap logger prints:
 * {@code {"level":"info","ts":"2026-11-24T05:00:00.000Z","caller":"dev.cairn.node.server.Raft","msg":"..."}},
 * with {@code error} and {@code stacktrace} fields when the record carries an exception.
 */
public final class JsonLogFormatter extends Formatter {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160);
        line.append('{');
        field(line, "level", EtcdLevel.nameOf(record.getLevel()));
        line.append(',');
        field(line, "ts", TIMESTAMP.format(record.getInstant()));
        line.append(',');
        field(line, "caller", record.getLoggerName() == null ? "" : record.getLoggerName());
        line.append(',');
        field(line, "msg", record.getMessage() == null ? "" : formatMessage(record));
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            line.append(',');
            field(line, "error", thrown.toString());
            line.append(',');
            field(line, "stacktrace", stackTrace(thrown));
        }
        return line.append("}\n").toString();
    }

    private static void field(StringBuilder line, String name, String value) {
        line.append('"').append(name).append("\":\"");
        escape(line, value);
        line.append('"');
    }

    /** JSON string escaping: quotes, backslashes and every control character, so a record stays on one line. */
    static void escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // U+2028/U+2029 end lines in some readers; escaping them keeps one record per line everywhere.
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString().stripTrailing();
    }
}
