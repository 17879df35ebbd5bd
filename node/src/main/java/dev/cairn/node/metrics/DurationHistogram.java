package dev.cairn.node.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram of durations with fixed bucket bounds in seconds. Recording is lock-free and allocates
 * nothing: a scan of the bounds (kept in nanoseconds), one atomic increment and one adder update. Buckets are
 * counted individually and summed when exposed, so a scan racing a record may see the count one ahead of the sum,
 * never an impossible bucket order.
 */
public final class DurationHistogram {
    private final double[] boundSeconds;
    private final long[] boundNanos;
    /** One slot per bound plus the last for +Inf. */
    private final AtomicLongArray counts;
    private final LongAdder sumNanos = new LongAdder();

    private DurationHistogram(double[] boundSeconds) {
        this.boundSeconds = boundSeconds;
        this.boundNanos = new long[boundSeconds.length];
        for (int i = 0; i < boundSeconds.length; i++) {
            boundNanos[i] = Math.round(boundSeconds[i] * 1e9);
        }
        this.counts = new AtomicLongArray(boundSeconds.length + 1);
    }

    /**
     * Bounds {@code start, start*factor, ...}: {@code count} of them, as Prometheus' ExponentialBuckets, which etcd
     * uses for all its latency histograms.
     */
    public static DurationHistogram exponential(double start, double factor, int count) {
        if (start <= 0 || factor <= 1 || count < 1) {
            throw new IllegalArgumentException("exponential buckets need start > 0, factor > 1 and count >= 1, got "
                    + start + ", " + factor + ", " + count);
        }
        double[] bounds = new double[count];
        bounds[0] = start;
        for (int i = 1; i < count; i++) {
            bounds[i] = bounds[i - 1] * factor;
        }
        return new DurationHistogram(bounds);
    }

    /** Records one duration; negative durations (a clock step) count as zero. */
    public void record(long nanos) {
        long value = Math.max(0, nanos);
        int bucket = 0;
        while (bucket < boundNanos.length && value > boundNanos[bucket]) {
            bucket++;
        }
        counts.incrementAndGet(bucket);
        sumNanos.add(value);
    }

    /** How many durations were recorded. */
    public long count() {
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** Upper bounds in seconds, +Inf excluded. */
    public double[] bounds() {
        return boundSeconds.clone();
    }

    /** Cumulative counts per bound, the last being the +Inf bucket, as Prometheus' {@code _bucket} series. */
    public long[] cumulativeCounts() {
        long[] cumulative = new long[counts.length()];
        long running = 0;
        for (int i = 0; i < cumulative.length; i++) {
            running += counts.get(i);
            cumulative[i] = running;
        }
        return cumulative;
    }

    public double sumSeconds() {
        return sumNanos.sum() / 1e9;
    }
}
