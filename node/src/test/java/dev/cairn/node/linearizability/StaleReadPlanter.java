package dev.cairn.node.linearizability;

import java.util.List;

/**
 * Plants a stale read in a real or generated history: a get that observed {@code v} is made to observe {@code u}
 * instead, where the write of {@code u} completed before the write of {@code v} began and that one completed before
 * the get began. With values unique per write, no linearization can then explain the get, so a checker that accepts
 * the result is broken.
 */
public final class StaleReadPlanter {
    private StaleReadPlanter() {
    }

    /** The history with one stale read planted; fails when the history has no such pair of writes before a read. */
    public static History plant(History history) {
        List<Operation> ops = history.operations();
        for (int g = 0; g < ops.size(); g++) {
            Operation get = ops.get(g);
            if (!(get.command() instanceof Command.Get read) || read.serializable() || get.outcome() != Outcome.OK) {
                continue;
            }
            String seen = ((Reply.Observed) get.reply()).value();
            for (Operation newer : ops) {
                if (!sameKey(newer, get) || newer.returnedAt() >= get.invokedAt() || !seen(newer, seen)) {
                    continue;
                }
                for (Operation older : ops) {
                    String stale = writtenValue(older);
                    if (sameKey(older, get) && stale != null && !stale.equals(seen)
                            && older.returnedAt() < newer.invokedAt()) {
                        return history.replacing(g, op -> op.withReply(new Reply.Observed(stale)));
                    }
                }
            }
        }
        throw new IllegalStateException("no read in the history follows two completed writes of its key");
    }

    private static boolean sameKey(Operation a, Operation b) {
        return a.command().key().equals(b.command().key());
    }

    private static boolean seen(Operation write, String seen) {
        return seen != null && seen.equals(writtenValue(write));
    }

    /** The value a completed write certainly wrote, or null. */
    private static String writtenValue(Operation op) {
        if (op.outcome() != Outcome.OK) {
            return null;
        }
        return switch (op.command()) {
            case Command.Put put -> put.value();
            case Command.CompareAndSet cas -> ((Reply.Swapped) op.reply()).succeeded() ? cas.replacement() : null;
            default -> null;
        };
    }
}
