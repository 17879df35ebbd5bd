package dev.cairn.node.server;

import dev.cairn.node.error.EtcdError;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Callers waiting for their proposals to be applied, by request id. Bounded: past {@code maxPending} waiting
 * proposals a new one is refused with etcd's "too many requests" rather than queued without limit.
 */
final class ProposalRegistry {
    private final Map<Long, CompletableFuture<Object>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final int maxPending;
    private final LongAdder failed = new LongAdder();

    ProposalRegistry(int maxPending) {
        this.maxPending = maxPending;
    }

    /** A fresh request id with its future, or a future already failed with "too many requests". */
    Registration register() {
        CompletableFuture<Object> future = new CompletableFuture<>();
        if (waiting.size() >= maxPending) {
            failed.increment();
            future.completeExceptionally(EtcdError.TOO_MANY_REQUESTS.exception());
            return new Registration(0, future);
        }
        long id = nextId.getAndIncrement();
        waiting.put(id, future);
        return new Registration(id, future);
    }

    /** Completes the caller of {@code id} if it is waiting on this member; ids from other members or earlier runs are ignored. */
    void complete(long id, Object result) {
        CompletableFuture<Object> future = waiting.remove(id);
        if (future == null) {
            return;
        }
        if (result instanceof Throwable failure) {
            future.completeExceptionally(failure);
        } else {
            future.complete(result);
        }
    }

    /** Fails a proposal that will not be applied (refused, or the member stops); an apply error is not a failure. */
    void fail(long id, Throwable failure) {
        CompletableFuture<Object> future = waiting.remove(id);
        if (future != null) {
            failed.increment();
            future.completeExceptionally(failure);
        }
    }

    /** Proposals waiting to be applied (etcd_server_proposals_pending). */
    int pending() {
        return waiting.size();
    }

    /** Proposals failed before being applied (etcd_server_proposals_failed_total). */
    long failedCount() {
        return failed.sum();
    }

    void failAll(Throwable failure) {
        waiting.keySet().forEach(id -> fail(id, failure));
    }

    record Registration(long id, CompletableFuture<Object> future) {
        boolean accepted() {
            return id != 0;
        }
    }
}
