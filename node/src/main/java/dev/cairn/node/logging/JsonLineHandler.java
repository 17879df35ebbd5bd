package dev.cairn.node.logging;

import java.io.PrintStream;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** Writes each loggable record as one JSON line to every configured stream, flushing after each line. */
final class JsonLineHandler extends Handler {

    private final List<PrintStream> outputs;

    JsonLineHandler(List<PrintStream> outputs) {
        this.outputs = List.copyOf(outputs);
        setFormatter(new JsonLogFormatter());
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String line = getFormatter().format(record);
        // One lock for all streams keeps lines from different threads whole and in the same order everywhere.
        synchronized (this) {
            for (PrintStream output : outputs) {
                output.print(line);
                output.flush();
            }
        }
    }

    @Override
    public void flush() {
        outputs.forEach(PrintStream::flush);
    }

    @Override
    public void close() {
        flush();
    }
}
