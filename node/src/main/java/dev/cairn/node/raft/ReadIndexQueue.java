package dev.cairn.node.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * ReadIndex requests a leader holds until they are safe to answer. A request is safe once a quorum has
 * confirmed the leader is still the leader after the request arrived; the leader's own acknowledgement is
 * recorded at once, so with a single voter every request is confirmed immediately. Peers' confirmations come
 * from heartbeat responses when members exchange messages.
 */
final class ReadIndexQueue {
    private record PendingRead(long requestContext, long index, Set<Long> acknowledged) {
    }

    private final ArrayDeque<PendingRead> pending = new ArrayDeque<>();

    int size() {
        return pending.size();
    }

    void add(long requestContext, long commitIndex, long selfId) {
        Set<Long> acknowledged = new HashSet<>();
        acknowledged.add(selfId);
        pending.addLast(new PendingRead(requestContext, commitIndex, acknowledged));
    }

    /** Removes and returns, in arrival order, the requests whose acknowledgements satisfy {@code isQuorum}. */
    List<ReadState> releaseConfirmed(Predicate<Set<Long>> isQuorum) {
        List<ReadState> released = new ArrayList<>();
        while (!pending.isEmpty() && isQuorum.test(pending.peekFirst().acknowledged())) {
            PendingRead read = pending.pollFirst();
            released.add(new ReadState(read.index(), read.requestContext()));
        }
        return released;
    }

    void clear() {
        pending.clear();
    }
}
