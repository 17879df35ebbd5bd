package dev.cairn.node.cli.bench;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.Uninterruptibles;
import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures how long a cluster cannot take writes after a member is killed: one put must succeed through every
 * stub's channel before the kill (so connections are up and the cluster was writable), then the kill runs and
 * the probe puts through all stubs at once, each attempt with a short deadline, until one put succeeds.
 */
public final class FailoverProbe {
    static final ByteString PROBE_KEY = ByteString.copyFrom("cairn-bench-failover", StandardCharsets.UTF_8);
    /** Attempts start at least this far apart, so members that fail fast are not flooded; also the resolution. */
    static final Duration MIN_ATTEMPT_SPACING = Duration.ofMillis(10);

    private final List<KVGrpc.KVFutureStub> stubs;
    private final Duration attemptTimeout;
    private final Duration timeout;

    public FailoverProbe(List<KVGrpc.KVFutureStub> stubs, Duration attemptTimeout, Duration timeout) {
        if (stubs.isEmpty()) {
            throw new IllegalArgumentException("need at least one stub");
        }
        this.stubs = List.copyOf(stubs);
        this.attemptTimeout = attemptTimeout;
        this.timeout = timeout;
    }

    /**
     * Checks the cluster is writable, runs {@code kill}, and polls with puts until one succeeds or the timeout
     * passes.
     *
     * @throws BenchConnectException when the put before the kill fails on any stub
     */
    public FailoverResult measure(Runnable kill) {
        ErrorTally before = new ErrorTally();
        if (attempt(timeout, before) != stubs.size()) {
            throw new BenchConnectException("the cluster did not take a put before the kill: " + before.snapshot());
        }
        ErrorTally errors = new ErrorTally();
        long killedAt = System.nanoTime();
        kill.run();
        long deadline = killedAt + timeout.toNanos();
        long attempts = 0;
        while (System.nanoTime() < deadline) {
            long startedAt = System.nanoTime();
            attempts++;
            AtomicLong firstSuccessAt = new AtomicLong(Long.MAX_VALUE);
            attempt(attemptTimeout, errors, firstSuccessAt);
            if (firstSuccessAt.get() != Long.MAX_VALUE) {
                return new FailoverResult(firstSuccessAt.get() - killedAt, attempts, errors.snapshot());
            }
            long nextStart = startedAt + MIN_ATTEMPT_SPACING.toNanos();
            long wait;
            while ((wait = nextStart - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        return new FailoverResult(-1, attempts, errors.snapshot());
    }

    /** Sends one put through every stub and waits for all replies; returns how many succeeded. */
    private int attempt(Duration deadline, ErrorTally errors) {
        return attempt(deadline, errors, new AtomicLong(Long.MAX_VALUE));
    }

    private int attempt(Duration deadline, ErrorTally errors, AtomicLong firstSuccessAt) {
        CountDownLatch replies = new CountDownLatch(stubs.size());
        AtomicLong successes = new AtomicLong();
        PutRequest put = PutRequest.newBuilder().setKey(PROBE_KEY).setValue(PROBE_KEY).build();
        for (KVGrpc.KVFutureStub stub : stubs) {
            Futures.addCallback(stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS).put(put),
                    new FutureCallback<Object>() {
                        @Override
                        public void onSuccess(Object response) {
                            firstSuccessAt.accumulateAndGet(System.nanoTime(), Math::min);
                            successes.incrementAndGet();
                            replies.countDown();
                        }

                        @Override
                        public void onFailure(Throwable failure) {
                            errors.record(failure);
                            replies.countDown();
                        }
                    }, MoreExecutors.directExecutor());
        }
        // Every put carries the deadline, so every reply comes back in bounded time.
        Uninterruptibles.awaitUninterruptibly(replies);
        return (int) successes.get();
    }
}
