package dev.cairn.node.raft;

import java.util.List;

/**
 * Work the caller must do, in this order: persist {@code hardState} (when not null) and {@code entries}, with one
 * fsync when {@code mustSync}, hand {@code committedEntries} to the state machine, answer the reads in
 * {@code readStates}, then call {@link RawNode#advance(Ready)}. {@code softState} is null when unchanged since the
 * last advanced Ready.
 *
 * @param mustSync true when the Ready carries new entries or a new term or vote; a hard state that only moves the
 *                 commit index may be written without fsync, since a member that loses it learns it again (etcd's
 *                 rule, and it saves one fsync per write on a single member)
 */
public record Ready(SoftState softState, HardState hardState, List<Entry> entries, List<Entry> committedEntries,
                    List<ReadState> readStates, boolean mustSync) {
    public Ready {
        entries = List.copyOf(entries);
        committedEntries = List.copyOf(committedEntries);
        readStates = List.copyOf(readStates);
    }

}
