package dev.cairn.node.logging;

import java.util.Locale;
import java.util.logging.Level;

/** etcd's (zap's) level names and their java.util.logging thresholds. */
public enum EtcdLevel {
    DEBUG(Level.FINEST),
    INFO(Level.INFO),
    WARN(Level.WARNING),
    ERROR(Level.SEVERE),
    // JUL has nothing above SEVERE: panic and fatal keep only the most severe records.
    PANIC(Level.SEVERE),
    FATAL(Level.SEVERE);

    private final Level threshold;

    EtcdLevel(Level threshold) {
        this.threshold = threshold;
    }

    public Level threshold() {
        return threshold;
    }

    /** @throws IllegalArgumentException for a name etcd does not know */
    public static EtcdLevel fromName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown log level \"" + name
                    + "\" (use debug, info, warn, error, panic or fatal)", e);
        }
    }

    /** The etcd name printed for a JUL record level. */
    static String nameOf(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "error";
        }
        if (value >= Level.WARNING.intValue()) {
            return "warn";
        }
        if (value >= Level.INFO.intValue()) {
            return "info";
        }
        return "debug";
    }
}
