package dev.cairn.node.api.http;

import dev.cairn.node.api.ServerVersion;
import dev.cairn.node.metrics.PrometheusText;
import dev.cairn.node.server.EtcdNode;
import dev.cairn.node.server.RaftStatusView;
import dev.cairn.node.storage.mvcc.MvccStore;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The /metrics page in Prometheus' text format with etcd's metric names, types and help texts, so etcd's dashboards,
 * alerts and {@code etcdctl check datascale} read a Cairn member as they read etcd. Only real values: a metric the
 * member cannot measure is absent, not zero. A family whose series come with peers (round-trip times) is listed
 * without series while the member has none.
 */
final class MetricsText {
    private static final long PAGE_SIZE = 4096;

    private final EtcdNode node;

    MetricsText(EtcdNode node) {
        this.node = node;
    }

    String render() {
        StringBuilder out = new StringBuilder(64 * 1024);
        PrometheusText text = new PrometheusText(out);
        server(text);
        storage(text);
        node.metrics().peerRoundTrip().writeTo(text, "etcd_network_peer_round_trip_time_seconds",
                "Round-Trip-Time histogram between peers");
        node.metrics().grpcRequests().writeTo(text);
        process(text);
        return out.toString();
    }

    private void server(PrometheusText text) {
        RaftStatusView raft = node.raftStatus();
        long localId = node.membership().localId();
        text.gauge("etcd_server_has_leader", "Whether or not a leader exists. 1 is existence, 0 is not.",
                raft.hasLeader() ? 1 : 0);
        text.gauge("etcd_server_is_leader", "Whether or not this member is a leader. 1 if is, 0 otherwise.",
                raft.leaderId() == localId ? 1 : 0);
        text.counter("etcd_server_leader_changes_seen_total", "The number of leader changes seen.",
                raft.leaderChanges());
        // etcd exposes these two as gauges set to the Raft indexes, whatever their _total suffix suggests.
        text.gauge("etcd_server_proposals_committed_total", "The total number of consensus proposals committed.",
                raft.commitIndex());
        text.gauge("etcd_server_proposals_applied_total", "The total number of consensus proposals applied.",
                raft.appliedIndex());
        text.gauge("etcd_server_proposals_pending", "The current number of pending proposals to commit.",
                node.pendingProposals());
        text.counter("etcd_server_proposals_failed_total", "The total number of failed proposals seen.",
                node.failedProposals());
        text.family("etcd_server_id", "gauge",
                        "Server or member ID in hexadecimal format. 1 for 'server_id' label with current ID.")
                .sample("etcd_server_id", 1, "server_id", Long.toHexString(localId));
        text.family("etcd_server_version", "gauge",
                        "Which version is running. 1 for 'server_version' label with current version.")
                .sample("etcd_server_version", 1, "server_version", ServerVersion.ETCD_VERSION);
    }

    private void storage(PrometheusText text) {
        MvccStore store = node.store();
        text.gauge("etcd_mvcc_db_total_size_in_bytes",
                "Total size of the underlying database physically allocated in bytes.", store.dbSizeBytes());
        text.gauge("etcd_mvcc_db_total_size_in_use_in_bytes",
                "Total size of the underlying database logically in use in bytes.", store.dbSizeInUseBytes());
        text.gauge("etcd_debugging_mvcc_keys_total", "Total number of keys.", store.liveKeyCount());
        text.gauge("etcd_debugging_mvcc_watcher_total", "Total number of watchers.", node.watchHub().watcherCount());
        text.gauge("etcd_debugging_mvcc_current_revision", "The current revision of store.", store.currentRevision());
        text.gauge("etcd_debugging_mvcc_compact_revision", "The revision of the last compaction in store.",
                store.compactRevision());
        text.family("etcd_disk_wal_fsync_duration_seconds", "histogram",
                        "The latency distributions of fsync called by WAL.")
                .histogram("etcd_disk_wal_fsync_duration_seconds", node.raftLogFsyncDurations());
        // A gauge in etcd too.
        text.gauge("etcd_disk_wal_write_bytes_total", "Total number of bytes written in WAL.",
                node.raftLogBytesWritten());
        text.family("etcd_disk_backend_commit_duration_seconds", "histogram",
                        "The latency distributions of commit called by backend.")
                .histogram("etcd_disk_backend_commit_duration_seconds", store.commitDurations());
    }

    private static void process(PrometheusText text) {
        residentMemoryBytes().ifPresent(bytes -> text.gauge("process_resident_memory_bytes",
                "Resident memory size in bytes.", bytes));
        text.gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                ManagementFactory.getRuntimeMXBean().getStartTime() / 1000);
    }

    /** From /proc on Linux; absent elsewhere. */
    private static OptionalLong residentMemoryBytes() {
        try {
            List<String> fields = List.of(Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+"));
            return OptionalLong.of(Long.parseLong(fields.get(1)) * PAGE_SIZE);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
