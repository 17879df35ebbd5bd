package dev.cairn.operator.api;

/** Coarse lifecycle of a cluster; the conditions carry the detail. */
public enum ClusterPhase {
    Pending,
    Bootstrapping,
    Running,
    Scaling,
    Replacing,
    Rolling,
    Degraded
}
