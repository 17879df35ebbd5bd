package dev.cairn.node.raft;

import java.util.HashMap;
import java.util.Map;

/**
 * Raft's safety properties, checked across all members of a simulation: one leader per term, and committed
 * entries that never change or disappear (every member that committed or applied index i holds the same entry
 * there), and ReadIndex answers that include every entry committed before the read was asked for.
 */
final class SafetyChecker {
    /** Thrown when a safety property is violated (as opposed to the simulation itself failing). */
    static final class SafetyViolation extends AssertionError {
        SafetyViolation(String message) {
            super(message);
        }
    }

    private final Map<Long, Long> leaderOfTerm = new HashMap<>();
    private final Map<Long, Entry> committed = new HashMap<>();
    private final Map<Long, Long> minimumReadIndex = new HashMap<>();
    private long highestCommitSeen;

    void leader(long term, long member) {
        Long earlier = leaderOfTerm.putIfAbsent(term, member);
        if (earlier != null && earlier != member) {
            throw new SafetyViolation("two leaders in term " + term + ": " + earlier + " and " + member);
        }
    }

    /** Records that {@code member} holds {@code entry} as committed; it must equal what everyone else holds. */
    void committed(long member, Entry entry) {
        Entry known = committed.putIfAbsent(entry.index(), entry);
        if (known != null && !known.equals(entry)) {
            throw new SafetyViolation("member " + member + " holds " + entry + " at a committed index where "
                    + known + " was committed");
        }
    }

    void commitIndex(long index) {
        highestCommitSeen = Math.max(highestCommitSeen, index);
    }

    long highestCommitSeen() {
        return highestCommitSeen;
    }

    void readRequested(long context) {
        minimumReadIndex.put(context, highestCommitSeen);
    }

    void readServed(long member, ReadState read) {
        Long minimum = minimumReadIndex.get(read.requestContext());
        if (minimum == null) {
            throw new SafetyViolation("member " + member + " served read " + read.requestContext()
                    + " that nobody asked for");
        }
        // A duplicated request may be answered twice; each answer must be safe.
        if (read.index() < minimum) {
            throw new SafetyViolation("read " + read.requestContext() + " served at index " + read.index()
                    + " although index " + minimum + " was committed before it was asked");
        }
    }
}
