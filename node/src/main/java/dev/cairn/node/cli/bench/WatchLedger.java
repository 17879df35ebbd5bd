package dev.cairn.node.cli.bench;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.mvccpb.Event;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The watch load's accounting: which puts were acknowledged at which revision, and which watcher received which
 * put. Put {@code i} goes to prefix {@code i mod prefixes}; its value starts with the put's send time
 * ({@link System#nanoTime()}, 8 bytes) and its index (8 bytes), so each event's latency and put are known at
 * receipt. Each watcher must get every acknowledged put under its prefix exactly once, in revision order, at the
 * revision the put was acknowledged with. Safe for concurrent use; one {@link Cursor} per watcher, used by one
 * thread at a time.
 */
final class WatchLedger {
    /** Bytes at the start of every put value: send time and put index. */
    static final int STAMP_BYTES = 16;
    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final long puts;
    private final int prefixes;
    private final int[] watchersOfPrefix;
    /** Revision each put was acknowledged with; 0 while unacknowledged. */
    private final AtomicLongArray ackedRevision;
    /** Revision of the first event seen for each put, to compare with the acknowledgement and other watchers. */
    private final AtomicLongArray eventRevision;
    private final AtomicIntegerArray deliveries;
    private final Histogram latencies = new ConcurrentHistogram(HIGHEST_TRACKABLE_NANOS, 3);
    private final AtomicLong received = new AtomicLong();
    private final LongAdder outOfOrder = new LongAdder();
    private final LongAdder foreign = new LongAdder();
    private final LongAdder revisionSplits = new LongAdder();
    private final AtomicLong lastEventNanos = new AtomicLong(Long.MIN_VALUE);
    /** Received count at which {@link #allExpectedReceived} opens; set once the puts are done. */
    private final AtomicLong target = new AtomicLong(Long.MAX_VALUE);
    private final CountDownLatch allExpectedReceived = new CountDownLatch(1);

    /** One watcher's place: its prefix and the newest revision it received. */
    static final class Cursor {
        final int prefix;
        private long lastRevision;

        private Cursor(int prefix) {
            this.prefix = prefix;
        }
    }

    /** What the run's end found wrong, each a number of events (or of puts, for revision disagreements). */
    record Verdict(long expected, long lost, long duplicated, long foreign, long revisionMismatches) {
    }

    WatchLedger(long puts, int prefixes, int watchers) {
        if (puts < 1 || puts > Integer.MAX_VALUE || prefixes < 1 || watchers < prefixes) {
            throw new IllegalArgumentException("need 1..2^31-1 puts and at least one watcher per prefix");
        }
        this.puts = puts;
        this.prefixes = prefixes;
        this.watchersOfPrefix = new int[prefixes];
        for (int watcher = 0; watcher < watchers; watcher++) {
            watchersOfPrefix[watcher % prefixes]++;
        }
        this.ackedRevision = new AtomicLongArray((int) puts);
        this.eventRevision = new AtomicLongArray((int) puts);
        this.deliveries = new AtomicIntegerArray((int) puts);
    }

    long puts() {
        return puts;
    }

    int prefixes() {
        return prefixes;
    }

    static int prefixOfPut(long put, int prefixes) {
        return (int) (put % prefixes);
    }

    /** A cursor for watcher number {@code watcher}, which watches prefix {@code watcher mod prefixes}. */
    Cursor cursor(int watcher) {
        return new Cursor(watcher % prefixes);
    }

    /** The put value: send time, put index, then zero padding up to {@code size} bytes. */
    static ByteString stampedValue(long sentNanos, long put, int size) {
        ByteBuffer value = ByteBuffer.allocate(size);
        value.putLong(sentNanos).putLong(put);
        return ByteString.copyFrom(value.array());
    }

    void acknowledged(long put, long revision) {
        ackedRevision.set((int) put, revision);
    }

    /** Accounts one event received by the cursor's watcher at {@code nowNanos}. */
    void received(Cursor cursor, Event event, long nowNanos) {
        ByteString value = event.getKv().getValue();
        if (event.getType() != Event.EventType.PUT || value.size() < STAMP_BYTES) {
            foreign.increment();
            return;
        }
        ByteBuffer stamp = value.substring(0, STAMP_BYTES).asReadOnlyByteBuffer();
        long sentNanos = stamp.getLong();
        long put = stamp.getLong();
        if (put < 0 || put >= puts || prefixOfPut(put, prefixes) != cursor.prefix) {
            foreign.increment();
            return;
        }
        long revision = event.getKv().getModRevision();
        if (revision <= cursor.lastRevision) {
            outOfOrder.increment(); // a watcher's events come once each, in revision order
            return;
        }
        cursor.lastRevision = revision;
        if (!eventRevision.compareAndSet((int) put, 0, revision) && eventRevision.get((int) put) != revision) {
            revisionSplits.increment();
        }
        deliveries.incrementAndGet((int) put);
        latencies.recordValue(Math.max(0, Math.min(nowNanos - sentNanos, HIGHEST_TRACKABLE_NANOS)));
        lastEventNanos.accumulateAndGet(nowNanos, Math::max);
        if (received.incrementAndGet() >= target.get()) {
            allExpectedReceived.countDown();
        }
    }

    /** Events owed for the puts acknowledged so far: each to every watcher of its prefix. */
    long expectedDeliveries() {
        long expected = 0;
        for (int put = 0; put < puts; put++) {
            if (ackedRevision.get(put) != 0) {
                expected += watchersOfPrefix[prefixOfPut(put, prefixes)];
            }
        }
        return expected;
    }

    /** Opens {@link #allExpectedReceived()} once {@code expected} events have been received (perhaps already). */
    void expect(long expected) {
        target.set(expected);
        if (received.get() >= expected) {
            allExpectedReceived.countDown();
        }
    }

    CountDownLatch allExpectedReceived() {
        return allExpectedReceived;
    }

    long receivedCount() {
        return received.get();
    }

    Histogram latencies() {
        return latencies;
    }

    /** When the newest event arrived, or {@code fallback} if none did. */
    long lastEventNanos(long fallback) {
        long last = lastEventNanos.get();
        return last == Long.MIN_VALUE ? fallback : last;
    }

    /**
     * Compares what was received with what was owed. A put that failed on the client may still have been applied:
     * it is owed to nobody, unless some watcher got it, in which case every watcher of its prefix is owed it.
     */
    Verdict verdict() {
        long expected = 0;
        long lost = 0;
        long duplicated = outOfOrder.sum();
        long mismatches = revisionSplits.sum();
        for (int put = 0; put < puts; put++) {
            int owed = watchersOfPrefix[prefixOfPut(put, prefixes)];
            int got = deliveries.get(put);
            long acked = ackedRevision.get(put);
            duplicated += Math.max(0, got - owed);
            if (acked != 0 || got > 0) {
                expected += owed;
                lost += Math.max(0, owed - got);
            }
            if (acked != 0 && got > 0 && eventRevision.get(put) != acked) {
                mismatches++;
            }
        }
        return new Verdict(expected, lost, duplicated, foreign.sum(), mismatches);
    }
}
