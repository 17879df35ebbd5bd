package dev.cairn.node.linearizability;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The verdict on a whole history: the worst of its keys' verdicts, and not linearizable either when a serializable
 * read saw a value nobody had written.
 */
public record CheckResult(List<KeyVerdict> keys, List<String> serializableReadViolations) {
    public CheckResult {
        keys = List.copyOf(keys);
        serializableReadViolations = List.copyOf(serializableReadViolations);
    }

    public Verdict verdict() {
        if (!serializableReadViolations.isEmpty()) {
            return Verdict.NOT_LINEARIZABLE;
        }
        return keys.stream().map(KeyVerdict::verdict).max(Comparator.naturalOrder()).orElse(Verdict.LINEARIZABLE);
    }

    public boolean linearizable() {
        return verdict() == Verdict.LINEARIZABLE;
    }

    /** A report for an assertion message: a line per key, then the explanation of every failure. */
    public String describe() {
        StringBuilder text = new StringBuilder(verdict().toString());
        for (KeyVerdict key : keys) {
            text.append("\n  key ").append(key.key()).append(": ").append(key.verdict()).append(" (")
                    .append(key.operations()).append(" operations, ").append(key.statesExplored())
                    .append(" states)");
        }
        keys.stream().filter(key -> key.verdict() != Verdict.LINEARIZABLE)
                .forEach(key -> text.append('\n').append(key.explanation()));
        if (!serializableReadViolations.isEmpty()) {
            text.append("\nserializable reads of values never written:\n  ")
                    .append(serializableReadViolations.stream().collect(Collectors.joining("\n  ")));
        }
        return text.toString();
    }
}
