package dev.cairn.node.cli.bench;

import java.time.Duration;
import java.util.List;

/**
 * A parsed {@code cairn bench failover} invocation: SIGKILL process {@code killPid} (a cluster's leader), then put
 * through {@code endpoints} (the surviving members) with {@code attemptTimeout} per attempt until one succeeds,
 * giving up after {@code timeout}.
 */
public record FailoverConfig(List<Endpoint> endpoints, Duration dialTimeout, boolean json, long killPid,
        Duration attemptTimeout, Duration timeout) implements BenchPlan {

    public FailoverConfig {
        endpoints = List.copyOf(endpoints);
    }
}
