package dev.cairn.node.server;

import dev.cairn.node.lease.LeaseCheckpointPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the server needs to run, in its own terms (the config package maps etcd's flags onto it).
 *
 * @param initialCluster member name to peer URLs, in the order given
 * @param quotaBackendBytes writes that would take the state store past this size fail with NOSPACE
 * @param leaseCheckpoints whether and how often the leader records the leases' remaining TTLs in the log
 * @param watchProgressNotifyInterval how often watchers that asked for it get a progress notification
 * @param strictReconfigCheck refuse membership changes that could cost the cluster its quorum (etcd's default)
 * @param snapshotCatchUpEntries Raft log entries kept behind each log compaction for followers a little behind
 */
public record ServerSettings(
        String name,
        Path dataDir,
        Path walDir,
        Map<String, List<String>> initialCluster,
        boolean newCluster,
        String clusterToken,
        List<String> advertisePeerUrls,
        List<String> advertiseClientUrls,
        long snapshotCount,
        Duration heartbeatInterval,
        Duration electionTimeout,
        int maxTxnOps,
        int maxRequestBytes,
        long quotaBackendBytes,
        LeaseCheckpointPolicy leaseCheckpoints,
        Duration watchProgressNotifyInterval,
        boolean strictReconfigCheck,
        long snapshotCatchUpEntries) {

    public ServerSettings {
        initialCluster = Map.copyOf(initialCluster);
        advertisePeerUrls = List.copyOf(advertisePeerUrls);
        advertiseClientUrls = List.copyOf(advertiseClientUrls);
    }

    Path raftLogDir() {
        return walDir != null ? walDir : dataDir.resolve("member").resolve("wal");
    }

    Path stateDir() {
        return stateDirOf(dataDir);
    }

    /** Where the state store of the data dir {@code dataDir} lives. */
    public static Path stateDirOf(Path dataDir) {
        return dataDir.resolve("member").resolve("db");
    }

    /** etcd's ReqTimeout: how long a write or linearizable read may wait before "request timed out". */
    Duration requestTimeout() {
        return Duration.ofSeconds(5).plus(electionTimeout.multipliedBy(2));
    }

    int electionTicks() {
        return (int) Math.max(1, electionTimeout.toMillis() / heartbeatInterval.toMillis());
    }
}
