package dev.cairn.node.cli.bench;

import dev.cairn.node.proto.etcdserverpb.WatchGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The watch load: {@code streams} Watch streams spread over the connections, each with {@code watchersPerStream}
 * watchers; watcher {@code w} watches prefix {@code w mod prefixes} of this run's key root. Once every watcher is
 * created, {@code puts} puts (from {@code clients} concurrent requests, optionally paced) spread round-robin over
 * the prefixes, so each put is owed to every watcher of its prefix. Reports events delivered per second (from the
 * first put to the last event), put-to-event latency, and every event lost, duplicated or out of order as an error.
 */
public final class WatchBenchmark implements Benchmark {
    /** Most puts one run may make: the ledger keeps 20 bytes per put. */
    static final long MAX_PUTS = 5_000_000;

    private final int streams;
    private final int watchersPerStream;
    private final int prefixes;
    private final long puts;
    private final double rate;
    private final int valSize;
    private final String root;

    public WatchBenchmark(int streams, int watchersPerStream, int prefixes, long puts, double rate, int valSize,
            String root) {
        long watchers = (long) streams * watchersPerStream;
        if (watchers > Integer.MAX_VALUE) {
            throw new BenchUsageException("--streams times --watchers-per-stream is too large: " + watchers);
        }
        if (prefixes > watchers) {
            throw new BenchUsageException("--prefixes " + prefixes + " is more than the " + watchers
                    + " watchers: some prefixes would have nobody watching");
        }
        if (puts > MAX_PUTS) {
            throw new BenchUsageException("watch --total must be at most " + MAX_PUTS + ", got: " + puts);
        }
        if (valSize < WatchLedger.STAMP_BYTES) {
            throw new BenchUsageException("watch --val-size must be at least " + WatchLedger.STAMP_BYTES
                    + " (the value carries the put's send time and index), got: " + valSize);
        }
        this.streams = streams;
        this.watchersPerStream = watchersPerStream;
        this.prefixes = prefixes;
        this.puts = puts;
        this.rate = rate;
        this.valSize = valSize;
        this.root = root;
    }

    int streams() {
        return streams;
    }

    int watchersPerStream() {
        return watchersPerStream;
    }

    int prefixes() {
        return prefixes;
    }

    long puts() {
        return puts;
    }

    double rate() {
        return rate;
    }

    int valSize() {
        return valSize;
    }

    @Override
    public BenchResult run(BenchChannels channels, int clients, Duration patience) {
        int watchers = streams * watchersPerStream;
        ErrorTally errors = new ErrorTally();
        WatchLedger ledger = new WatchLedger(puts, prefixes, watchers);
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("streams", (long) streams);
        counts.put("watchers", (long) watchers);
        List<BenchWatchStream> open = new ArrayList<>();
        long start = System.nanoTime();
        BenchResult putResult = null;
        try {
            int created = createWatchers(channels.watchStubs(), ledger, errors, open, patience);
            counts.put("watchers_created", (long) created);
            if (created < watchers) {
                return new BenchResult("watch", 0, 0, ledger.latencies(), errors.snapshot(), counts);
            }
            start = System.nanoTime();
            putResult = new LoadRunner(channels.kvStubs(), clients, patience)
                    .run(new WatchPutWorkload(ledger, root, rate, valSize));
            errors.addAll(putResult.errors());
            ledger.expect(ledger.expectedDeliveries());
            // Returns early on a stall; the verdict then counts what never came as lost.
            ProgressWait.await(ledger.allExpectedReceived(), ledger::receivedCount, patience);
        } finally {
            open.forEach(BenchWatchStream::close);
        }
        WatchLedger.Verdict verdict = ledger.verdict();
        errors.add("watch: events lost", verdict.lost());
        errors.add("watch: events duplicated or out of order", verdict.duplicated());
        errors.add("watch: events not from this run's puts", verdict.foreign());
        errors.add("watch: puts whose events carry another revision than the put's response",
                verdict.revisionMismatches());
        counts.put("puts", puts);
        counts.put("puts_failed", putResult.errorCount());
        counts.put("puts_per_sec", Math.round(putResult.requestsPerSecond()));
        counts.put("put_p99_us", putResult.successes() == 0 ? 0
                : TimeUnit.NANOSECONDS.toMicros(putResult.latencies().getValueAtPercentile(99)));
        counts.put("events_expected", verdict.expected());
        counts.put("events_received", ledger.receivedCount());
        counts.put("events_lost", verdict.lost());
        long end = ledger.lastEventNanos(start + putResult.elapsedNanos());
        return new BenchResult("watch", verdict.expected(), end - start, ledger.latencies(), errors.snapshot(),
                counts);
    }

    /** Opens the streams and creates every watcher; returns how many the server accepted within the patience. */
    private int createWatchers(List<WatchGrpc.WatchStub> stubs, WatchLedger ledger, ErrorTally errors,
            List<BenchWatchStream> open, Duration patience) {
        int watchers = streams * watchersPerStream;
        CountDownLatch answered = new CountDownLatch(watchers);
        for (int stream = 0; stream < streams; stream++) {
            open.add(BenchWatchStream.open(stubs.get(stream % stubs.size()), ledger, errors, answered));
        }
        for (int watcher = 0; watcher < watchers; watcher++) {
            WatchLedger.Cursor cursor = ledger.cursor(watcher);
            open.get(watcher / watchersPerStream).create(cursor, WatchPutWorkload.prefixKey(root, cursor.prefix));
        }
        try {
            if (!answered.await(patience.toNanos(), TimeUnit.NANOSECONDS)) {
                errors.add("watch: create not answered within " + patience.toMillis() + " ms", answered.getCount());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return open.stream().mapToInt(BenchWatchStream::created).sum();
    }
}
