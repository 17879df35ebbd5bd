package dev.cairn.node.linearizability;

/** What the server answered to a command that completed. */
public sealed interface Reply {
    /** The put was applied. */
    record Written() implements Reply {
        @Override
        public String toString() {
            return "ok";
        }
    }

    /** The value a get observed; {@code null} when the key was absent. */
    record Observed(String value) implements Reply {
        @Override
        public String toString() {
            return Values.quote(value);
        }
    }

    /** Whether a compare-and-set found the expected value and wrote. */
    record Swapped(boolean succeeded) implements Reply {
        @Override
        public String toString() {
            return succeeded ? "succeeded" : "compare failed";
        }
    }

    /** How many keys a delete removed: 1 if the key existed, 0 if not. */
    record Deleted(long count) implements Reply {
        public Deleted {
            if (count < 0 || count > 1) {
                throw new IllegalArgumentException("a delete of one key removes 0 or 1 keys, not " + count);
            }
        }

        @Override
        public String toString() {
            return "deleted " + count;
        }
    }
}
