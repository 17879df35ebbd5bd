package dev.cairn.node.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * A simulated member's state store: every entry applied so far (index i at position i - 1) and the configuration
 * they produced. It is durable as soon as an entry is applied, and it is what a snapshot transfers.
 */
final class SimStateMachine {
    private final ArrayList<Entry> applied;
    private ConfState conf;

    SimStateMachine(ConfState conf) {
        this(new ArrayList<>(), conf);
    }

    private SimStateMachine(ArrayList<Entry> applied, ConfState conf) {
        this.applied = applied;
        this.conf = conf;
    }

    long appliedIndex() {
        return applied.size();
    }

    long appliedTerm() {
        return applied.isEmpty() ? 0 : applied.getLast().term();
    }

    ConfState conf() {
        return conf;
    }

    List<Entry> applied() {
        return applied;
    }

    void apply(Entry entry, ConfState confAfter) {
        if (entry.index() != applied.size() + 1) {
            throw new AssertionError("entry " + entry.index() + " applied after " + applied.size());
        }
        applied.add(entry);
        conf = confAfter;
    }

    SimStateMachine copy() {
        return new SimStateMachine(new ArrayList<>(applied), conf);
    }

    SnapshotMeta meta() {
        return new SnapshotMeta(appliedIndex(), appliedTerm(), conf);
    }
}
