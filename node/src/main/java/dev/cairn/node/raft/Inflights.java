package dev.cairn.node.raft;

import java.util.ArrayDeque;

/**
 * APPENDs sent to one follower and not yet acknowledged, each remembered by its last index and payload size.
 * Full when either the message count or the payload bytes reach their limit; the leader then waits.
 */
final class Inflights {
    private record Sent(long lastIndex, long bytes) {
    }

    private final int maxMessages;
    private final long maxBytes;
    private final ArrayDeque<Sent> sent = new ArrayDeque<>();
    private long bytes;

    Inflights(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    boolean isFull() {
        return sent.size() >= maxMessages || bytes >= maxBytes;
    }

    void add(long lastIndex, long payloadBytes) {
        if (sent.size() >= maxMessages) {
            throw new IllegalStateException("in-flight window of " + maxMessages + " messages is full");
        }
        sent.addLast(new Sent(lastIndex, payloadBytes));
        bytes += payloadBytes;
    }

    /** Frees every message whose entries end at or below {@code index}: the follower has them. */
    void freeUpTo(long index) {
        while (!sent.isEmpty() && sent.peekFirst().lastIndex() <= index) {
            bytes -= sent.pollFirst().bytes();
        }
    }

    /** Frees the oldest message, so a heartbeat answer lets a stalled follower receive one more APPEND. */
    void freeFirst() {
        Sent first = sent.pollFirst();
        if (first != null) {
            bytes -= first.bytes();
        }
    }

    void reset() {
        sent.clear();
        bytes = 0;
    }
}
