package dev.cairn.node.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * ReadIndex requests a leader holds until they are safe to answer, at most {@code capacity} of them. A request
 * that arrives before the leader committed an entry of its term waits for that commit (its read index is not known
 * before). Then it is safe once a quorum has confirmed the leader is still the leader after the request arrived:
 * each request gets a sequence number that heartbeats carry as their context, and a heartbeat answer for a
 * sequence number confirms that request and every older one. The leader's own acknowledgement is recorded at once,
 * so with a single voter every request is safe immediately.
 */
final class ReadIndexQueue {
    /** One request: {@code from} is the member that asked (the leader itself for local reads). */
    record PendingRead(long sequence, long requestContext, long from, long index, Set<Long> acknowledged) {
    }

    private record AwaitingRead(long requestContext, long from) {
    }

    private final int capacity;
    private final ArrayDeque<PendingRead> confirming = new ArrayDeque<>();
    private final List<AwaitingRead> awaitingCommit = new ArrayList<>();
    private long lastSequence;

    ReadIndexQueue(int capacity) {
        this.capacity = capacity;
    }

    boolean isFull() {
        return confirming.size() + awaitingCommit.size() >= capacity;
    }

    /** True when requests wait for heartbeat answers. */
    boolean hasUnconfirmed() {
        return !confirming.isEmpty();
    }

    /** Queues a request to be served at {@code commitIndex} once confirmed. */
    void add(long requestContext, long from, long commitIndex, long selfId) {
        Set<Long> acknowledged = new HashSet<>();
        acknowledged.add(selfId);
        lastSequence++;
        confirming.addLast(new PendingRead(lastSequence, requestContext, from, commitIndex, acknowledged));
    }

    /** Holds a request until the leader has committed an entry of its own term. */
    void awaitLeaderCommit(long requestContext, long from) {
        awaitingCommit.add(new AwaitingRead(requestContext, from));
    }

    /** The leader committed an entry of its term: waiting requests are served at {@code commitIndex}. */
    boolean leaderCommitted(long commitIndex, long selfId) {
        if (awaitingCommit.isEmpty()) {
            return false;
        }
        for (AwaitingRead read : awaitingCommit) {
            add(read.requestContext(), read.from(), commitIndex, selfId);
        }
        awaitingCommit.clear();
        return true;
    }

    /** Sequence number of the newest request waiting for confirmation, 0 when none is. */
    long newestSequence() {
        return confirming.isEmpty() ? 0 : confirming.peekLast().sequence();
    }

    /** Records that {@code member} confirmed the leadership after every request up to {@code sequence} arrived. */
    void acknowledge(long member, long sequence) {
        for (PendingRead read : confirming) {
            if (read.sequence() > sequence) {
                break;
            }
            read.acknowledged().add(member);
        }
    }

    /** Removes and returns, in arrival order, the requests whose acknowledgements satisfy {@code isQuorum}. */
    List<PendingRead> releaseConfirmed(Predicate<Set<Long>> isQuorum) {
        List<PendingRead> released = new ArrayList<>();
        while (!confirming.isEmpty() && isQuorum.test(confirming.peekFirst().acknowledged())) {
            released.add(confirming.pollFirst());
        }
        return released;
    }

    /** Forgets every request: they were accepted under a leadership that ended; callers time them out. */
    void clear() {
        confirming.clear();
        awaitingCommit.clear();
    }
}
