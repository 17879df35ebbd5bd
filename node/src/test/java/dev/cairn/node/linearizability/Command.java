package dev.cairn.node.linearizability;

import java.util.Objects;

/**
 * What a client asked of one key, as a register: write a value, read it, compare-and-set it, or delete it. A value of
 * {@code null} stands for "the key is absent" wherever a value is compared or observed.
 */
public sealed interface Command {
    String key();

    /** Whether the command can change the register (reads cannot, so a read that failed can simply be dropped). */
    boolean writes();

    /** Sets the key to {@code value}. */
    record Put(String key, String value) implements Command {
        public Put {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value (a put always writes a value; use Delete for absence)");
        }

        @Override
        public boolean writes() {
            return true;
        }

        @Override
        public String toString() {
            return "put(" + key + ", " + Values.quote(value) + ")";
        }
    }

    /**
     * Reads the key. A serializable read may be served stale by a member, so it is not checked for linearizability,
     * only for reading a value that was ever written.
     */
    record Get(String key, boolean serializable) implements Command {
        public Get {
            Objects.requireNonNull(key, "key");
        }

        public Get(String key) {
            this(key, false);
        }

        @Override
        public boolean writes() {
            return false;
        }

        @Override
        public String toString() {
            return (serializable ? "serializable-get(" : "get(") + key + ")";
        }
    }

    /** Sets the key to {@code replacement} if it holds {@code expected} ({@code null}: if it is absent). */
    record CompareAndSet(String key, String expected, String replacement) implements Command {
        public CompareAndSet {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(replacement, "replacement");
        }

        @Override
        public boolean writes() {
            return true;
        }

        @Override
        public String toString() {
            return "cas(" + key + ", " + Values.quote(expected) + " -> " + Values.quote(replacement) + ")";
        }
    }

    /** Removes the key. */
    record Delete(String key) implements Command {
        public Delete {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public boolean writes() {
            return true;
        }

        @Override
        public String toString() {
            return "delete(" + key + ")";
        }
    }
}
