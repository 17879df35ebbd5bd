package dev.cairn.node.cli.bench;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.cairn.node.proto.etcdserverpb.LeaseGrantRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseGrantResponse;
import dev.cairn.node.proto.etcdserverpb.LeaseGrpc;
import dev.cairn.node.proto.etcdserverpb.LeaseRevokeRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;

/**
 * The leases a keep-alive run renews: granted before it and revoked after it, with at most {@code concurrency}
 * requests in flight, each with a deadline. Failures are counted in the given tally, prefixed with the step.
 */
final class LeaseSet {
    private final List<LeaseGrpc.LeaseFutureStub> stubs;
    private final int concurrency;
    private final Duration patience;
    private final ErrorTally errors;

    LeaseSet(List<LeaseGrpc.LeaseFutureStub> stubs, int concurrency, Duration patience, ErrorTally errors) {
        this.stubs = List.copyOf(stubs);
        this.concurrency = concurrency;
        this.patience = patience;
        this.errors = errors;
    }

    /** Grants {@code count} leases of {@code ttlSeconds}; returns the ids of those granted. */
    long[] grant(int count, long ttlSeconds) {
        AtomicLongArray ids = new AtomicLongArray(count);
        AtomicInteger granted = new AtomicInteger();
        runAll(count, "lease grant", i -> {
            ListenableFuture<LeaseGrantResponse> reply = stub(i)
                    .leaseGrant(LeaseGrantRequest.newBuilder().setTTL(ttlSeconds).build());
            return Futures.transform(reply, response -> {
                ids.set(granted.getAndIncrement(), response.getID());
                return response;
            }, MoreExecutors.directExecutor());
        });
        long[] result = new long[granted.get()];
        for (int i = 0; i < result.length; i++) {
            result[i] = ids.get(i);
        }
        return result;
    }

    void revoke(long[] leases) {
        runAll(leases.length, "lease revoke",
                i -> stub(i).leaseRevoke(LeaseRevokeRequest.newBuilder().setID(leases[i]).build()));
    }

    private LeaseGrpc.LeaseFutureStub stub(int index) {
        return stubs.get(index % stubs.size()).withDeadlineAfter(patience.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Issues calls {@code 0..count-1}, at most {@code concurrency} at a time, and waits for all of them. */
    private void runAll(int count, String step, IntFunction<ListenableFuture<?>> call) {
        Semaphore slots = new Semaphore(concurrency);
        for (int i = 0; i < count; i++) {
            slots.acquireUninterruptibly();
            Futures.addCallback(call.apply(i), new FutureCallback<Object>() {
                @Override
                public void onSuccess(Object result) {
                    slots.release();
                }

                @Override
                public void onFailure(Throwable failure) {
                    errors.add(step + ": " + ErrorTally.describe(failure), 1);
                    slots.release();
                }
            }, MoreExecutors.directExecutor());
        }
        // Every call carries a deadline, so all slots come back in bounded time.
        slots.acquireUninterruptibly(concurrency);
    }
}
