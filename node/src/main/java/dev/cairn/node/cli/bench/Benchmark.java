package dev.cairn.node.cli.bench;

import java.time.Duration;

/** What one {@code cairn bench} run drives: repeated KV requests, a watch fan-out, or lease keep-alives. */
public sealed interface Benchmark permits Workload, WatchBenchmark, KeepAliveBenchmark {

    /**
     * Runs to completion over connected channels and returns what was measured. {@code clients} bounds the
     * concurrent requests (or keep-alive streams); {@code patience} is the longest a request, or the whole run
     * without any progress, may take before it is given up and counted as an error, so every run ends by itself.
     */
    BenchResult run(BenchChannels channels, int clients, Duration patience);
}
