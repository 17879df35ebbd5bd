package dev.cairn.node.cli.bench;

import com.google.common.util.concurrent.ListenableFuture;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import java.time.Duration;

/** One kind of request the load loop repeats {@link #total()} times. */
public sealed interface Workload extends Benchmark permits PutWorkload, RangeWorkload, WatchPutWorkload {

    /** Short name used in reports, e.g. {@code put}. */
    String op();

    /** How many requests to measure (and to send first, unmeasured), and how fast. */
    LoadSize size();

    default long total() {
        return size().total();
    }

    default long warmup() {
        return size().warmup();
    }

    default double rate() {
        return size().rate();
    }

    /** Sends request number {@code index}; called from the single load-loop thread, in index order. */
    ListenableFuture<?> issue(KVGrpc.KVFutureStub stub, long index);

    @Override
    default BenchResult run(BenchChannels channels, int clients, Duration patience) {
        return new LoadRunner(channels.kvStubs(), clients, patience).run(this);
    }
}
