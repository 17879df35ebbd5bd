package dev.cairn.node.raft;

import java.util.List;
import java.util.Objects;

/**
 * One message between Raft members. Which fields mean something depends on the type; the others are zero,
 * empty or null.
 *
 * @param logTerm    APPEND: term of the entry at {@code index}; VOTE/PRE_VOTE: the candidate's last log term;
 *                   APPEND_RESPONSE with reject: the follower's term at {@code rejectHint}
 * @param index      APPEND: index the new entries follow; APPEND_RESPONSE: last index accepted (or rejected);
 *                   VOTE/PRE_VOTE: the candidate's last index; READ_INDEX_RESPONSE: the read index
 * @param entries    APPEND: the entries; PROPOSE: entries whose term and index are placeholders (0 and 1), which the
 *                   leader replaces when it appends them
 * @param rejectHint APPEND_RESPONSE with reject: the highest index at which the follower's log may agree with the
 *                   leader's (its last index, or lower when its entries there are of later terms)
 * @param context    READ_INDEX(_RESPONSE): the read request context; HEARTBEAT(_RESPONSE): the leader's sequence
 *                   number of its newest pending read (0 for none), answered back to confirm its leadership;
 *                   VOTE/PRE_VOTE: 1 when the campaign is a leadership transfer
 * @param snapshot   SNAPSHOT delivered to a follower: what the received state store holds; null otherwise
 */
public record Message(MessageType type, long from, long to, long term, long logTerm, long index,
                      List<Entry> entries, long commit, boolean reject, long rejectHint, long context,
                      SnapshotMeta snapshot) {
    public Message {
        Objects.requireNonNull(type, "type");
        entries = List.copyOf(entries);
    }

    /** Bytes of entry payload this message carries, for flow control. */
    public long payloadSize() {
        long size = 0;
        for (Entry entry : entries) {
            size += entry.payloadSize();
        }
        return size;
    }
}
