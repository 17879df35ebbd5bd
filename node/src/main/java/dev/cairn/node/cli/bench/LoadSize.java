package dev.cairn.node.cli.bench;

/**
 * How much load a workload sends and how fast.
 *
 * @param total  requests to measure; the run stops after this many
 * @param warmup requests sent first and not measured, so the load generator's own code is compiled when measuring
 *               starts
 * @param rate   requests per second to pace at; 0 means as fast as the in-flight bound allows
 */
public record LoadSize(long total, long warmup, double rate) {
}
