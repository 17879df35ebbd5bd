package dev.cairn.node.cli.bench;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Sends a workload's requests from one loop thread, keeping at most {@code clients} in flight, spreading them
 * round-robin over the given stubs (one per gRPC channel), and returns once every request has completed.
 */
public final class LoadRunner {
    /** Longest latency the histogram resolves exactly; slower requests are clamped to it. */
    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final List<KVGrpc.KVFutureStub> stubs;
    private final int clients;
    private final Duration requestTimeout;

    public LoadRunner(List<KVGrpc.KVFutureStub> stubs, int clients, Duration requestTimeout) {
        if (stubs.isEmpty() || clients < 1) {
            throw new IllegalArgumentException("need at least one stub and one client");
        }
        this.stubs = List.copyOf(stubs);
        this.clients = clients;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Sends the workload's warm-up requests, unmeasured, then its measured ones (indexes continue, so sequential
     * keys do too). Warm-up failures are reported with the run's errors, marked as such.
     */
    public BenchResult run(Workload workload) {
        ErrorTally errors = new ErrorTally();
        if (workload.warmup() > 0) {
            ErrorTally warmupErrors = new ErrorTally();
            drive(workload, 0, workload.warmup(), null, warmupErrors);
            warmupErrors.snapshot().forEach((message, count) -> errors.add("warm-up: " + message, count));
        }
        Histogram latencies = new ConcurrentHistogram(HIGHEST_TRACKABLE_NANOS, 3);
        long start = System.nanoTime();
        drive(workload, workload.warmup(), workload.total(), latencies, errors);
        long elapsed = System.nanoTime() - start;
        return new BenchResult(workload.op(), workload.total(), elapsed, latencies, errors.snapshot());
    }

    /** Sends requests {@code first} to {@code first + count - 1}, recording latencies when given a histogram. */
    private void drive(Workload workload, long first, long count, Histogram latencies, ErrorTally errors) {
        Semaphore freeClients = new Semaphore(clients);
        Pacer pacer = new Pacer(workload.rate(), System.nanoTime());
        for (long n = 0; n < count; n++) {
            freeClients.acquireUninterruptibly();
            pacer.awaitPermit(n);
            KVGrpc.KVFutureStub stub = stubs.get((int) (n % stubs.size()))
                    .withDeadlineAfter(requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
            long sentAt = System.nanoTime();
            ListenableFuture<?> reply;
            try {
                reply = workload.issue(stub, first + n);
            } catch (RuntimeException e) {
                errors.record(e);
                freeClients.release();
                continue;
            }
            Futures.addCallback(reply, new FutureCallback<Object>() {
                @Override
                public void onSuccess(Object response) {
                    if (latencies != null) {
                        latencies.recordValue(Math.min(System.nanoTime() - sentAt, HIGHEST_TRACKABLE_NANOS));
                    }
                    freeClients.release();
                }

                @Override
                public void onFailure(Throwable failure) {
                    errors.record(failure);
                    freeClients.release();
                }
            }, MoreExecutors.directExecutor());
        }
        // Every request carries a deadline, so all slots come back in bounded time.
        freeClients.acquireUninterruptibly(clients);
    }
}
