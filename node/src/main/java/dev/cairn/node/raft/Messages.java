package dev.cairn.node.raft;

import java.util.List;

/** Builds the messages the core sends, one factory per kind; the fields a kind does not use stay zero or empty. */
final class Messages {
    private Messages() {
    }

    /** A message that carries nothing but its kind and term (grants, TIMEOUT_NOW, stale-term answers). */
    static Message plain(MessageType type, long from, long to, long term) {
        return new Message(type, from, to, term, 0, 0, List.of(), 0, false, 0, 0, null);
    }

    static Message rejection(MessageType type, long from, long to, long term) {
        return new Message(type, from, to, term, 0, 0, List.of(), 0, true, 0, 0, null);
    }

    /** VOTE or PRE_VOTE at {@code term} for a candidate whose log ends at (lastIndex, lastTerm). */
    static Message voteRequest(MessageType type, long from, long to, long term, long lastTerm, long lastIndex,
                               long context) {
        return new Message(type, from, to, term, lastTerm, lastIndex, List.of(), 0, false, 0, context, null);
    }

    static Message append(long from, long to, long term, long prevTerm, long prevIndex, List<Entry> entries,
                          long commit) {
        return new Message(MessageType.APPEND, from, to, term, prevTerm, prevIndex, entries, commit, false, 0, 0,
                null);
    }

    static Message appendAccepted(long from, long to, long term, long lastIndex) {
        return new Message(MessageType.APPEND_RESPONSE, from, to, term, 0, lastIndex, List.of(), 0, false, 0, 0,
                null);
    }

    /** Rejects the APPEND following {@code rejectedIndex}; the logs may agree at (hintIndex, hintTerm) or below. */
    static Message appendRejected(long from, long to, long term, long rejectedIndex, long hintIndex, long hintTerm) {
        return new Message(MessageType.APPEND_RESPONSE, from, to, term, hintTerm, rejectedIndex, List.of(), 0, true,
                hintIndex, 0, null);
    }

    static Message heartbeat(long from, long to, long term, long commit, long context) {
        return new Message(MessageType.HEARTBEAT, from, to, term, 0, 0, List.of(), commit, false, 0, context, null);
    }

    static Message heartbeatResponse(long from, long to, long term, long context) {
        return new Message(MessageType.HEARTBEAT_RESPONSE, from, to, term, 0, 0, List.of(), 0, false, 0, context,
                null);
    }

    /** PROPOSE or READ_INDEX to the leader: not tied to a term (0), as in etcd. */
    static Message toLeader(MessageType type, long from, long leader, List<Entry> entries, long context) {
        return new Message(type, from, leader, 0, 0, 0, entries, 0, false, 0, context, null);
    }

    static Message readIndexResponse(long from, long to, long term, long index, long context, boolean reject) {
        return new Message(MessageType.READ_INDEX_RESPONSE, from, to, term, 0, index, List.of(), 0, reject, 0,
                context, null);
    }
}
