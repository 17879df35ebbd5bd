package dev.cairn.node.cli.bench;

import dev.cairn.node.proto.etcdserverpb.LeaseGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The lease keep-alive load: grants {@code leases} leases, then {@code clients} LeaseKeepAlive streams (spread over
 * the connections) send {@code total} keep-alives between them, round-robin over the leases, each stream with up to
 * {@code inFlight} outstanding. Reports keep-alives answered per second and their round trip; revokes the leases
 * at the end.
 */
public final class KeepAliveBenchmark implements Benchmark {
    /** Long enough that a lease renewed at any useful rate never expires during the run. */
    static final long LEASE_TTL_SECONDS = 600;

    private final int leases;
    private final long total;
    private final int inFlight;

    public KeepAliveBenchmark(int leases, long total, int inFlight) {
        this.leases = leases;
        this.total = total;
        this.inFlight = inFlight;
    }

    int leases() {
        return leases;
    }

    long total() {
        return total;
    }

    int inFlight() {
        return inFlight;
    }

    @Override
    public BenchResult run(BenchChannels channels, int clients, Duration patience) {
        ErrorTally errors = new ErrorTally();
        Histogram latencies = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(10), 3);
        LeaseSet leaseSet = new LeaseSet(channels.leaseFutureStubs(), clients, patience, errors);
        long[] granted = leaseSet.grant(leases, LEASE_TTL_SECONDS);
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("leases_granted", (long) granted.length);
        counts.put("streams", (long) clients);
        if (granted.length < leases) {
            leaseSet.revoke(granted);
            return new BenchResult("lease-keepalive", total, 0, latencies, errors.snapshot(), counts);
        }
        long start = System.nanoTime();
        long elapsed = sendKeepAlives(channels.leaseStubs(), clients, granted, latencies, errors, patience, start);
        leaseSet.revoke(granted);
        return new BenchResult("lease-keepalive", total, elapsed, latencies, errors.snapshot(), counts);
    }

    /** Runs the keep-alive streams to the end (or until they stall); returns the nanoseconds they took. */
    private long sendKeepAlives(List<LeaseGrpc.LeaseStub> stubs, int clients, long[] granted, Histogram latencies,
            ErrorTally errors, Duration patience, long start) {
        AtomicLong budget = new AtomicLong();
        LongAdder answers = new LongAdder();
        CountDownLatch finished = new CountDownLatch(clients);
        List<KeepAliveSender> senders = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            KeepAliveSender sender = new KeepAliveSender(budget, total, granted, inFlight, latencies, errors, answers,
                    finished);
            senders.add(sender);
            sender.start(stubs.get(i % stubs.size()));
        }
        if (!ProgressWait.await(finished, answers::sum, patience)) {
            String reason = "keep-alive: no answer within " + patience.toMillis() + " ms";
            senders.forEach(sender -> sender.abandon(reason));
        }
        return System.nanoTime() - start;
    }
}
