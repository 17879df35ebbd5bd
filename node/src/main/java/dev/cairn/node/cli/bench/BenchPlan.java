package dev.cairn.node.cli.bench;

/** What a parsed {@code cairn bench} command line asks for: a load run or a failover measurement. */
public sealed interface BenchPlan permits BenchConfig, FailoverConfig {
}
