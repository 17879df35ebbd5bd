package dev.cairn.node.cli.bench;

import dev.cairn.node.proto.etcdserverpb.LeaseGrpc;
import dev.cairn.node.proto.etcdserverpb.LeaseKeepAliveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseKeepAliveResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * One LeaseKeepAlive stream of the keep-alive load: keeps up to {@code maxInFlight} requests outstanding, sending
 * the next as soon as an answer comes back, until the shared budget of keep-alives is spent. The server answers a
 * stream's requests in order, so each answer is matched to the oldest outstanding request: it must name the same
 * lease with a positive TTL.
 */
final class KeepAliveSender implements ClientResponseObserver<LeaseKeepAliveRequest, LeaseKeepAliveResponse> {
    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.MINUTES.toNanos(10);

    private record Sent(long leaseId, long sentNanos) {
    }

    private final AtomicLong budget;
    private final long total;
    private final long[] leases;
    private final int maxInFlight;
    private final Histogram latencies;
    private final ErrorTally errors;
    private final LongAdder answers;
    private final CountDownLatch finished;
    /** Guarded by this, as is every use of the request stream (not safe for concurrent senders). */
    private final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
    private ClientCallStreamObserver<LeaseKeepAliveRequest> requests;
    private boolean done;

    /**
     * Keep-alive number {@code i} (claimed from {@code budget} while below {@code total}) renews lease
     * {@code leases[i mod leases.length]}. {@code finished} is counted down once this stream is done.
     */
    KeepAliveSender(AtomicLong budget, long total, long[] leases, int maxInFlight, Histogram latencies,
            ErrorTally errors, LongAdder answers, CountDownLatch finished) {
        this.budget = budget;
        this.total = total;
        this.leases = leases;
        this.maxInFlight = maxInFlight;
        this.latencies = latencies;
        this.errors = errors;
        this.answers = answers;
        this.finished = finished;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<LeaseKeepAliveRequest> requestStream) {
        this.requests = requestStream;
    }

    /** Opens the stream and sends the first requests. */
    synchronized void start(LeaseGrpc.LeaseStub stub) {
        stub.leaseKeepAlive(this);
        fill();
    }

    private void fill() {
        while (!done && inFlight.size() < maxInFlight) {
            long number = budget.getAndIncrement();
            if (number >= total) {
                break;
            }
            long lease = leases[(int) (number % leases.length)];
            inFlight.add(new Sent(lease, System.nanoTime()));
            requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(lease).build());
        }
        if (!done && inFlight.isEmpty()) {
            finish();
            requests.onCompleted();
        }
    }

    @Override
    public synchronized void onNext(LeaseKeepAliveResponse response) {
        long now = System.nanoTime();
        Sent sent = inFlight.poll();
        answers.increment();
        if (sent == null) {
            errors.add("keep-alive: answer to no outstanding request", 1);
        } else if (response.getID() != sent.leaseId()) {
            errors.add("keep-alive: answer names another lease than the request", 1);
        } else if (response.getTTL() <= 0) {
            errors.add("keep-alive: lease expired or not found (TTL " + response.getTTL() + ")", 1);
        } else {
            latencies.recordValue(Math.min(now - sent.sentNanos(), HIGHEST_TRACKABLE_NANOS));
        }
        fill();
    }

    @Override
    public synchronized void onError(Throwable failure) {
        if (!done) {
            // Each outstanding request failed with the stream; a stream failing with none outstanding is one error.
            String message = ErrorTally.describe(failure);
            errors.add(message, Math.max(1, inFlight.size()));
            finish();
        }
    }

    @Override
    public synchronized void onCompleted() {
        if (!done) {
            errors.add("keep-alive: stream ended by the server", Math.max(1, inFlight.size()));
            finish();
        }
    }

    /** Gives up on a stalled stream: its outstanding requests count as errors. */
    synchronized void abandon(String reason) {
        if (!done) {
            errors.add(reason, inFlight.size());
            finish();
            requests.cancel(reason, null);
        }
    }

    private void finish() {
        done = true;
        inFlight.clear();
        finished.countDown();
    }
}
