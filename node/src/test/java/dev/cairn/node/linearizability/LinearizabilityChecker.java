package dev.cairn.node.linearizability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a history of single-key register operations for linearizability, one key at a time: a history is
 * linearizable exactly when each key's sub-history is (registers compose), and searching keys separately keeps the
 * search small. Serializable reads are checked apart by {@link SerializableReads}.
 */
public final class LinearizabilityChecker {
    /** Enough for thousands of operations per key with a dozen clients; each state costs tens of bytes. */
    public static final long DEFAULT_MAX_STATES_PER_KEY = 2_000_000;

    private final long maxStatesPerKey;

    public LinearizabilityChecker() {
        this(DEFAULT_MAX_STATES_PER_KEY);
    }

    public LinearizabilityChecker(long maxStatesPerKey) {
        if (maxStatesPerKey < 1) {
            throw new IllegalArgumentException("the state bound must be positive, not " + maxStatesPerKey);
        }
        this.maxStatesPerKey = maxStatesPerKey;
    }

    public CheckResult check(History history) {
        long origin = history.origin();
        List<KeyVerdict> verdicts = new ArrayList<>();
        for (Map.Entry<String, List<Operation>> key : history.byKey().entrySet()) {
            RegisterOperations ops = new RegisterOperations(key.getValue());
            verdicts.add(new LinearizationSearch(key.getKey(), ops, maxStatesPerKey, origin).run());
        }
        return new CheckResult(verdicts, SerializableReads.violations(history));
    }
}
