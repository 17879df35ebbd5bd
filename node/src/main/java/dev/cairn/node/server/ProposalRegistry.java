package dev.cairn.node.server;

import dev.cairn.node.error.EtcdError;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Callers waiting for their proposals to be applied, by request id. Bounded: past {@code maxPending} waiting
 * proposals a new one is refused with etcd's "too many requests" rather than queued without limit.
 *
 * <p>Every member applies every entry, so ids must not collide between members or with an earlier run of this
 * one: as etcd does, the top 16 bits hold the low bits of the member id and the rest counts up from the start
 * time in milliseconds (shifted by 8 bits), so a restart begins past the ids of the previous run.
 */
final class ProposalRegistry {
    private static final int SUFFIX_BITS = 48;
    private static final long SUFFIX_MASK = (1L << SUFFIX_BITS) - 1;
    private static final int COUNTER_BITS = 8;

    private record Waiter(CompletableFuture<Object> future, long deadlineNanos) {
    }

    private final Map<Long, Waiter> waiting = new ConcurrentHashMap<>();
    private final long prefix;
    private final AtomicLong suffix;
    private final int maxPending;
    private final long timeoutNanos;
    private final LongSupplier nanoClock;
    private final LongAdder failed = new LongAdder();

    /**
     * @param timeoutNanos how long a caller waits before "request timed out": a proposal forwarded to a leader that
     *                     then failed, or overwritten by a new leader, is never applied under its id
     */
    ProposalRegistry(int maxPending, long memberId, long startMillis, long timeoutNanos, LongSupplier nanoClock) {
        this.maxPending = maxPending;
        this.timeoutNanos = timeoutNanos;
        this.nanoClock = nanoClock;
        this.prefix = (memberId & 0xffff) << SUFFIX_BITS;
        this.suffix = new AtomicLong((startMillis << COUNTER_BITS) & SUFFIX_MASK);
    }

    /** A fresh request id with its future, or a future already failed with "too many requests". */
    Registration register() {
        CompletableFuture<Object> future = new CompletableFuture<>();
        if (waiting.size() >= maxPending) {
            failed.increment();
            future.completeExceptionally(EtcdError.TOO_MANY_REQUESTS.exception());
            return new Registration(0, future);
        }
        long id = nextId();
        waiting.put(id, new Waiter(future, nanoClock.getAsLong() + timeoutNanos));
        return new Registration(id, future);
    }

    private long nextId() {
        long id = prefix | (suffix.incrementAndGet() & SUFFIX_MASK);
        return id != 0 ? id : nextId(); // 0 means "refused" to callers
    }

    /** Completes the caller of {@code id} if it is waiting on this member; ids from other members or earlier runs are ignored. */
    void complete(long id, Object result) {
        Waiter waiter = waiting.remove(id);
        if (waiter == null) {
            return;
        }
        CompletableFuture<Object> future = waiter.future();
        if (result instanceof Throwable failure) {
            future.completeExceptionally(failure);
        } else {
            future.complete(result);
        }
    }

    /** Fails a proposal that will not be applied (refused, or the member stops); an apply error is not a failure. */
    void fail(long id, Throwable failure) {
        Waiter waiter = waiting.remove(id);
        if (waiter != null) {
            failed.increment();
            waiter.future().completeExceptionally(failure);
        }
    }

    /** Whether the caller of {@code id} still waits (not answered, failed or timed out yet). */
    boolean isWaiting(long id) {
        return waiting.containsKey(id);
    }

    /** Proposals waiting to be applied (etcd_server_proposals_pending). */
    int pending() {
        return waiting.size();
    }

    /** Proposals failed before being applied (etcd_server_proposals_failed_total). */
    long failedCount() {
        return failed.sum();
    }

    /** Fails every caller whose deadline has passed with etcd's "request timed out". */
    void failExpired() {
        long now = nanoClock.getAsLong();
        waiting.forEach((id, waiter) -> {
            if (now - waiter.deadlineNanos() >= 0) {
                fail(id, EtcdError.TIMEOUT.exception());
            }
        });
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
