package dev.cairn.node.server;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * Futures that complete once the apply thread has applied up to a given Raft index; linearizable reads wait here
 * for their read index.
 */
final class AppliedIndexWaiters {
    private record Waiter(long index, CompletableFuture<Void> future) {
    }

    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>((a, b) -> Long.compare(a.index, b.index));
    private long applied;

    synchronized void await(long index, CompletableFuture<Void> future) {
        if (index <= applied) {
            future.complete(null);
        } else {
            waiters.add(new Waiter(index, future));
        }
    }

    void advanceTo(long appliedIndex) {
        List<Waiter> ready = new ArrayList<>();
        synchronized (this) {
            applied = Math.max(applied, appliedIndex);
            while (!waiters.isEmpty() && waiters.peek().index <= applied) {
                ready.add(waiters.poll());
            }
        }
        ready.forEach(w -> w.future.complete(null));
    }

    void failAll(Throwable failure) {
        List<Waiter> all;
        synchronized (this) {
            all = new ArrayList<>(waiters);
            waiters.clear();
        }
        all.forEach(w -> w.future.completeExceptionally(failure));
    }
}
