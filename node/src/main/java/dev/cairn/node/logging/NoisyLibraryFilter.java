package dev.cairn.node.logging;

import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Keeps grpc-java's and Netty's chatter (connection resets, handshakes) out of the log: their records below
 * WARNING pass only when the configured level is debug.
 */
final class NoisyLibraryFilter implements Filter {

    private static final List<String> NOISY_PREFIXES = List.of("io.grpc.", "io.netty.", "io.perfmark.");

    private final boolean debug;

    NoisyLibraryFilter(EtcdLevel level) {
        this.debug = level == EtcdLevel.DEBUG;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (debug || record.getLevel().intValue() >= Level.WARNING.intValue()) {
            return true;
        }
        String logger = record.getLoggerName();
        if (logger == null) {
            return true;
        }
        for (String prefix : NOISY_PREFIXES) {
            if (logger.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }
}
