package dev.cairn.node.logging;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Routes java.util.logging, and with it {@link System.Logger} (whose default backend is JUL) and grpc-java and
 * Netty, to JSON lines in etcd's format on stderr and/or stdout.
 */
public final class LogSetup {

    private LogSetup() {
    }

    /**
     * @param level   etcd's level name: debug, info, warn, error, panic or fatal
     * @param outputs comma-separated: stderr, stdout or default (stderr)
     * @throws IllegalArgumentException for an unknown level or output
     */
    public static void configure(String level, String outputs) {
        configure(EtcdLevel.fromName(level), streams(outputs));
    }

    /** Same, writing to the given streams; the entry point uses the other overload, tests use this one. */
    public static void configure(EtcdLevel level, List<PrintStream> outputs) {
        Handler handler = new JsonLineHandler(outputs);
        handler.setLevel(level.threshold());
        handler.setFilter(new NoisyLibraryFilter(level));
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(level.threshold());
        root.addHandler(handler);
    }

    private static List<PrintStream> streams(String outputs) {
        Set<PrintStream> streams = new LinkedHashSet<>();
        for (String part : outputs.split(",", -1)) {
            switch (part.trim()) {
                case "stderr", "default" -> streams.add(System.err);
                case "stdout" -> streams.add(System.out);
                default -> throw new IllegalArgumentException("unsupported log output \"" + part.trim()
                        + "\" (use stderr, stdout or default)");
            }
        }
        return new ArrayList<>(streams);
    }
}
