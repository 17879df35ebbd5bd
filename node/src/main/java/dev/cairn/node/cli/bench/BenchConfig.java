package dev.cairn.node.cli.bench;

import java.time.Duration;
import java.util.List;

/** A fully parsed and validated {@code cairn bench put|range} invocation. */
public record BenchConfig(List<Endpoint> endpoints, int conns, int clients, Duration dialTimeout, boolean json,
        Benchmark benchmark) implements BenchPlan {

    public BenchConfig {
        endpoints = List.copyOf(endpoints);
    }
}
