package dev.cairn.node.linearizability;

import java.util.ArrayList;
import java.util.List;

/**
 * Serializable reads may be stale, so they are not placed in the linearization; they must still see a value that
 * some write (not known to have failed) of that key had been invoked with before the read returned, or absence.
 */
final class SerializableReads {
    private SerializableReads() {
    }

    static List<String> violations(History history) {
        long origin = history.origin();
        List<String> violations = new ArrayList<>();
        for (List<Operation> ops : history.byKey().values()) {
            for (Operation read : ops) {
                if (read.command() instanceof Command.Get get && get.serializable() && read.outcome() == Outcome.OK) {
                    String value = ((Reply.Observed) read.reply()).value();
                    if (value != null && ops.stream().noneMatch(write -> wrote(write, value, read.returnedAt()))) {
                        violations.add(read.describe(origin));
                    }
                }
            }
        }
        return violations;
    }

    private static boolean wrote(Operation write, String value, long before) {
        if (write.outcome() == Outcome.FAILED || write.invokedAt() > before) {
            return false;
        }
        return switch (write.command()) {
            case Command.Put put -> put.value().equals(value);
            case Command.CompareAndSet cas -> cas.replacement().equals(value);
            default -> false;
        };
    }
}
