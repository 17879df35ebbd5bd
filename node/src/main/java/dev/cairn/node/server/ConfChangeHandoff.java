package dev.cairn.node.server;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Carries the apply thread's conf-change decisions to the raft loop. The raft loop hands a batch with membership
 * changes to apply, then waits here for one decision per change before it advances the core (etcd's waitApply),
 * so the core never runs ahead of the membership the state store holds.
 */
final class ConfChangeHandoff {
    /** More than the membership changes one batch of committed entries can hold (bootstrap adds one per member). */
    private static final int CAPACITY = 1024;

    private final BlockingQueue<ConfChangeDecision> decisions = new ArrayBlockingQueue<>(CAPACITY);

    /** Called by the apply thread. */
    void decided(ConfChangeDecision decision) throws InterruptedException {
        decisions.put(decision);
    }

    /** Called by the raft loop; null when no decision came within the timeout. */
    ConfChangeDecision await(long timeout, TimeUnit unit) throws InterruptedException {
        return decisions.poll(timeout, unit);
    }
}
