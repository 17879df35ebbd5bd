package dev.cairn.node.linearizability;

import java.util.Locale;
import java.util.Objects;

/**
 * One command of one client with its real-time interval ({@link System#nanoTime()} of one JVM) and what came of it.
 * An {@link Outcome#UNKNOWN unknown} operation has no response time: it is open until the end of the history.
 */
public record Operation(int client, Command command, long invokedAt, long returnedAt, Outcome outcome, Reply reply) {
    public Operation {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == Outcome.UNKNOWN) {
            if (returnedAt != Long.MAX_VALUE || reply != null) {
                throw new IllegalArgumentException("an unknown operation has neither a response time nor a reply");
            }
        } else if (returnedAt < invokedAt) {
            throw new IllegalArgumentException("returned at " + returnedAt + " before invoked at " + invokedAt);
        }
        if (outcome == Outcome.OK) {
            requireReplyFits(command, reply);
        } else if (reply != null) {
            throw new IllegalArgumentException("only a completed operation has a reply: " + outcome + " " + reply);
        }
    }

    public static Operation ok(int client, Command command, Reply reply, long invokedAt, long returnedAt) {
        return new Operation(client, command, invokedAt, returnedAt, Outcome.OK, reply);
    }

    public static Operation failed(int client, Command command, long invokedAt, long returnedAt) {
        return new Operation(client, command, invokedAt, returnedAt, Outcome.FAILED, null);
    }

    public static Operation unknown(int client, Command command, long invokedAt) {
        return new Operation(client, command, invokedAt, Long.MAX_VALUE, Outcome.UNKNOWN, null);
    }

    /** The same operation with a different reply: how tests plant a wrong answer in a recorded history. */
    public Operation withReply(Reply replacement) {
        return new Operation(client, command, invokedAt, returnedAt, outcome, replacement);
    }

    /** One line for explanations, times in milliseconds since {@code origin}. */
    public String describe(long origin) {
        String result = switch (outcome) {
            case OK -> " -> " + reply;
            case FAILED -> " -> failed";
            case UNKNOWN -> " -> unknown";
        };
        String end = outcome == Outcome.UNKNOWN ? "open" : millis(returnedAt - origin);
        return "client " + client + " " + command + result + " [" + millis(invokedAt - origin) + ", " + end + "]";
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    private static void requireReplyFits(Command command, Reply reply) {
        boolean fits = switch (command) {
            case Command.Put ignored -> reply instanceof Reply.Written;
            case Command.Get ignored -> reply instanceof Reply.Observed;
            case Command.CompareAndSet ignored -> reply instanceof Reply.Swapped;
            case Command.Delete ignored -> reply instanceof Reply.Deleted;
        };
        if (!fits) {
            throw new IllegalArgumentException("reply " + reply + " does not answer " + command);
        }
    }
}
