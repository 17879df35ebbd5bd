/**
 * Linearizability testing for etcd-compatible clusters (test scope).
 *
 * <p>{@link dev.cairn.node.linearizability.HistoryRecorder} runs concurrent KV clients (put, get, compare-and-set
 * as a txn, delete over a few keys, values unique per write) against a list of endpoints and records every
 * operation with its {@link java.lang.System#nanoTime()} interval and outcome: ok, failed (definitely without
 * effect) or unknown (deadline or lost connection: may take effect at any later time, or never).
 * {@link dev.cairn.node.linearizability.LinearizabilityChecker} then decides, key by key, whether a register could
 * have produced that history, or reports the operation no order can explain; a search over its state bound is
 * {@link dev.cairn.node.linearizability.Verdict#UNDECIDED}, never a pass.
 *
 * <p>A cluster test: start the recorder on the members' client URLs, inject the failure (kill a member, partition),
 * let it record more, {@code stop()}, and assert {@code checker.check(history).linearizable()} with
 * {@code describe()} as the message; see {@code EtcdClusterLinearizabilityProcessIT} for the pattern on real etcd.
 * {@link dev.cairn.node.linearizability.StaleReadPlanter} and
 * {@link dev.cairn.node.linearizability.StaleCachingKvProxy} show the checker is not blind on the same data.
 */
package dev.cairn.node.linearizability;
