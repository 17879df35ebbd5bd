package dev.cairn.node.raft;

import java.util.List;

/**
 * Work the caller must do, in this order: install {@code snapshot} (when not null: the state store received from
 * the leader replaces the local one, and the log restarts after it), persist {@code hardState} (when not null) and
 * {@code entries}, with one fsync when {@code mustSync}, send {@code messages}, hand {@code committedEntries} to
 * the state machine, answer the reads in {@code readStates}, then call {@link RawNode#advance(Ready)}.
 * {@code softState} is null when unchanged since the last advanced Ready.
 *
 * @param mustSync true when the Ready carries new entries, a snapshot, or a new term or vote; a hard state that only
 *                 moves the commit index may be written without fsync, since a member that loses it learns it
 *                 again (etcd's rule, and it saves one fsync per write on a single member)
 * @param messages to other members, to be sent only once the entries and hard state of this Ready are durable
 */
public record Ready(SoftState softState, HardState hardState, List<Entry> entries, List<Entry> committedEntries,
                    List<ReadState> readStates, boolean mustSync, List<Message> messages, SnapshotMeta snapshot) {
    public Ready {
        entries = List.copyOf(entries);
        committedEntries = List.copyOf(committedEntries);
        readStates = List.copyOf(readStates);
        messages = List.copyOf(messages);
    }
}
