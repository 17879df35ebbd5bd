package dev.cairn.node.api.http;

import dev.cairn.node.api.ServerVersion;
import dev.cairn.node.server.EtcdNode;
import dev.cairn.node.server.RaftStatusView;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The /metrics page in Prometheus' text format: the etcd metric names monitoring and `etcdctl check datascale` read,
 * for the figures this member has, plus a few of Cairn's own. Only real values: a metric the member cannot measure
 * yet is absent, not zero.
 */
final class MetricsText {
    private static final long PAGE_SIZE = 4096;

    private final EtcdNode node;

    MetricsText(EtcdNode node) {
        this.node = node;
    }

    String render() {
        StringBuilder out = new StringBuilder(2048);
        RaftStatusView raft = node.raftStatus();
        gauge(out, "etcd_server_has_leader", "Whether or not a leader exists. 1 is existence, 0 is not.",
                raft.hasLeader() ? 1 : 0);
        gauge(out, "etcd_server_is_leader", "Whether or not this member is a leader. 1 if is, 0 otherwise.",
                raft.leaderId() == node.membership().localId() ? 1 : 0);
        gauge(out, "etcd_server_proposals_committed_total", "The total number of consensus proposals committed.",
                raft.commitIndex());
        gauge(out, "etcd_server_proposals_applied_total", "The total number of consensus proposals applied.",
                raft.appliedIndex());
        out.append("# HELP etcd_server_version Which version is running. 1 for 'server_version' label with current version.\n")
                .append("# TYPE etcd_server_version gauge\n")
                .append("etcd_server_version{server_version=\"").append(ServerVersion.ETCD_VERSION).append("\"} 1\n");
        gauge(out, "etcd_mvcc_db_total_size_in_bytes", "Total size of the underlying database physically allocated in bytes.",
                node.store().dbSizeBytes());
        gauge(out, "etcd_mvcc_db_total_size_in_use_in_bytes", "Total size of the underlying database logically in use in bytes.",
                node.store().dbSizeInUseBytes());
        gauge(out, "etcd_debugging_mvcc_current_revision", "The current revision of store.", node.store().currentRevision());
        gauge(out, "etcd_debugging_mvcc_compact_revision", "The revision of the last compaction in store.",
                node.store().compactRevision());
        counter(out, "cairn_raft_log_fsyncs_total", "fsyncs of the Raft log since the member started.", node.raftLogFsyncs());
        residentMemoryBytes().ifPresent(bytes -> gauge(out, "process_resident_memory_bytes",
                "Resident memory size in bytes.", bytes));
        gauge(out, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                ManagementFactory.getRuntimeMXBean().getStartTime() / 1000);
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        sample(out, name, help, "gauge", value);
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        sample(out, name, help, "counter", value);
    }

    private static void sample(StringBuilder out, String name, String help, String type, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n')
                .append(name).append(' ').append(value).append('\n');
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
