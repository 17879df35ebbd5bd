package dev.cairn.node.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {

    private final JsonLogFormatter formatter = new JsonLogFormatter();

    private static LogRecord record(Level level, String message) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("dev.cairn.node.server.RaftLoop");
        record.setInstant(Instant.parse("2026-11-24T05:00:00.123456Z"));
        return record;
    }

    @Test
    void formatsOneLineInEtcdsShape() {
        assertThat(formatter.format(record(Level.INFO, "ready to serve client requests"))).isEqualTo(
                "{\"level\":\"info\",\"ts\":\"2026-11-24T05:00:00.123Z\",\"caller\":\"dev.cairn.node.server.RaftLoop\","
                        + "\"msg\":\"ready to serve client requests\"}\n");
    }

    @Test
    void mapsJulLevelsToEtcdNames() {
        assertThat(formatter.format(record(Level.SEVERE, "m"))).startsWith("{\"level\":\"error\"");
        assertThat(formatter.format(record(Level.WARNING, "m"))).startsWith("{\"level\":\"warn\"");
        assertThat(formatter.format(record(Level.INFO, "m"))).startsWith("{\"level\":\"info\"");
        assertThat(formatter.format(record(Level.CONFIG, "m"))).startsWith("{\"level\":\"debug\"");
        assertThat(formatter.format(record(Level.FINE, "m"))).startsWith("{\"level\":\"debug\"");
        assertThat(formatter.format(record(Level.FINEST, "m"))).startsWith("{\"level\":\"debug\"");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        String line = formatter.format(record(Level.INFO, "say \"hi\" to C:\\dir\nnext\tcol\r\u0001\u001f\b\f\u007f\u2028é"));
        assertThat(line).contains("\"msg\":\"say \\\"hi\\\" to C:\\\\dir\\nnext\\tcol\\r\\u0001\\u001f\\b\\f\\u007f\\u2028é\"");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    }

    @Test
    void substitutesParameters() {
        LogRecord record = record(Level.INFO, "member {0} joined at {1}");
        record.setParameters(new Object[] {"n2", "http://10.0.0.2:2380"});
        assertThat(formatter.format(record)).contains("\"msg\":\"member n2 joined at http://10.0.0.2:2380\"");
    }

    @Test
    void carriesTheExceptionAsErrorAndStacktraceOnTheSameLine() {
        LogRecord record = record(Level.SEVERE, "apply failed");
        record.setThrown(new IllegalStateException("bad \"state\"\nsecond line"));
        String line = formatter.format(record);
        assertThat(line).contains("\"error\":\"java.lang.IllegalStateException: bad \\\"state\\\"\\nsecond line\"");
        assertThat(line).contains("\"stacktrace\":\"java.lang.IllegalStateException: bad \\\"state\\\"\\nsecond line\\n\\tat ");
        assertThat(line).endsWith("\"}\n");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    }

    @Test
    void toleratesAMissingLoggerNameAndMessage() {
        LogRecord record = new LogRecord(Level.INFO, null);
        record.setInstant(Instant.EPOCH);
        assertThat(formatter.format(record))
                .isEqualTo("{\"level\":\"info\",\"ts\":\"1970-01-01T00:00:00.000Z\",\"caller\":\"\",\"msg\":\"\"}\n");
    }
}
