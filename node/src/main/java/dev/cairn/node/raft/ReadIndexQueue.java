package dev.cairn.node.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * ReadIndex requests a leader holds until they are safe to answer. A request is safe once a quorum has confirmed
 * the leader is still the leader after the request arrived. Each request gets a sequence number that heartbeats
 * carry as their context; a heartbeat answer for a sequence number confirms that request and every older one.
 * The leader's own acknowledgement is recorded at once, so with a single voter every request is safe immediately.
 */
final class ReadIndexQueue {
    /** One request: {@code from} is the member that asked (the leader itself for local reads). */
    record PendingRead(long sequence, long requestContext, long from, long index, Set<Long> acknowledged) {
    }

    private final ArrayDeque<PendingRead> pending = new ArrayDeque<>();
    private long lastSequence;

    int size() {
        return pending.size();
    }

    /** Queues a request to be served at {@code commitIndex}; returns its sequence number for heartbeats. */
    long add(long requestContext, long from, long commitIndex, long selfId) {
        Set<Long> acknowledged = new HashSet<>();
        acknowledged.add(selfId);
        lastSequence++;
        pending.addLast(new PendingRead(lastSequence, requestContext, from, commitIndex, acknowledged));
        return lastSequence;
    }

    /** Sequence number of the newest pending request, 0 when none is pending. */
    long newestSequence() {
        return pending.isEmpty() ? 0 : pending.peekLast().sequence();
    }

    /** Records that {@code member} confirmed the leadership after every request up to {@code sequence} arrived. */
    void acknowledge(long member, long sequence) {
        for (PendingRead read : pending) {
            if (read.sequence() > sequence) {
                break;
            }
            read.acknowledged().add(member);
        }
    }

    /** Removes and returns, in arrival order, the requests whose acknowledgements satisfy {@code isQuorum}. */
    List<PendingRead> releaseConfirmed(Predicate<Set<Long>> isQuorum) {
        List<PendingRead> released = new ArrayList<>();
        while (!pending.isEmpty() && isQuorum.test(pending.peekFirst().acknowledged())) {
            released.add(pending.pollFirst());
        }
        return released;
    }

    void clear() {
        pending.clear();
    }
}
