package dev.cairn.node.cli.bench;

import com.google.common.util.concurrent.ListenableFuture;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import java.time.Duration;

/** One kind of request the load loop repeats {@link #total()} times. */
public sealed interface Workload extends Benchmark permits PutWorkload, RangeWorkload, WatchPutWorkload {

    /** Short name used in reports, e.g. {@code put}. */
    String op();

    /** Number of requests to send; the run stops after this many. */
    long total();

    /** Requests sent first and not measured, so the load generator's own code is compiled when measuring starts. */
    default long warmup() {
        return 0;
    }

    /** Requests per second to pace at; 0 means as fast as the in-flight bound allows. */
    double rate();

    /** Sends request number {@code index}; called from the single load-loop thread, in index order. */
    ListenableFuture<?> issue(KVGrpc.KVFutureStub stub, long index);

    @Override
    default BenchResult run(BenchChannels channels, int clients, Duration patience) {
        return new LoadRunner(channels.kvStubs(), clients, patience).run(this);
    }
}
