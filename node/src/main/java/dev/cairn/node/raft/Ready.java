package dev.cairn.node.raft;

import java.util.List;

/**
 * Work the caller must do, in this order: persist {@code hardState} (when not null) and {@code entries} with one
 * fsync, hand {@code committedEntries} to the state machine, answer the reads in {@code readStates}, then call
 * {@link RawNode#advance(Ready)}. {@code softState} is null when unchanged since the last advanced Ready.
 */
public record Ready(SoftState softState, HardState hardState, List<Entry> entries, List<Entry> committedEntries,
                    List<ReadState> readStates) {
    public Ready {
        entries = List.copyOf(entries);
        committedEntries = List.copyOf(committedEntries);
        readStates = List.copyOf(readStates);
    }

    /** True when the caller must fsync before acting on this Ready (new entries or a changed hard state). */
    public boolean mustSync() {
        return hardState != null || !entries.isEmpty();
    }
}
