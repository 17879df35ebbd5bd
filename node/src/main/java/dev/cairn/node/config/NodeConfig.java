package dev.cairn.node.config;

import dev.cairn.node.lease.LeaseCheckpointPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A validated configuration of one member, with etcd's defaults applied.
 *
 * @param walDir            dedicated Raft log directory, or null to keep it inside {@code dataDir}
 * @param initialCluster    member name to its peer URLs, in the order given
 * @param quotaBackendBytes the effective quota: etcd's 2 GiB when the setting is 0 or absent
 * @param logOutputs        "stderr" and/or "stdout" ("default" is resolved to "stderr")
 * @param configFile        the YAML file the settings came from, or null when they came from flags and env
 * @param autoCompaction    --auto-compaction-mode and --auto-compaction-retention, or {@link AutoCompaction#OFF}
 * @param listenMetricsUrls where /health, /livez, /readyz, /version and /metrics are served; empty for none
 * @param leaseCheckpoints  --experimental-enable-lease-checkpoint and --experimental-lease-checkpoint-interval
 * @param watchProgressNotifyInterval --experimental-watch-progress-notify-interval
 * @param strictReconfigCheck refuse membership changes that could cost the cluster its quorum
 * @param snapshotCatchUpEntries Raft log entries kept behind each log compaction, so a follower that is a little
 *                               behind catches up from the log rather than needing the whole state store
 */
public record NodeConfig(
        String name,
        Path dataDir,
        Path walDir,
        List<URI> listenClientUrls,
        List<URI> advertiseClientUrls,
        List<URI> listenPeerUrls,
        List<URI> initialAdvertisePeerUrls,
        Map<String, List<URI>> initialCluster,
        InitialClusterState initialClusterState,
        String initialClusterToken,
        long snapshotCount,
        long quotaBackendBytes,
        Duration heartbeatInterval,
        Duration electionTimeout,
        int maxRequestBytes,
        int maxTxnOps,
        String logLevel,
        List<String> logOutputs,
        TlsSettings clientTls,
        PeerTlsSettings peerTls,
        Path configFile,
        AutoCompaction autoCompaction,
        List<URI> listenMetricsUrls,
        LeaseCheckpointPolicy leaseCheckpoints,
        Duration watchProgressNotifyInterval,
        boolean strictReconfigCheck,
        long snapshotCatchUpEntries) {

    public static final long DEFAULT_QUOTA_BACKEND_BYTES = 2L * 1024 * 1024 * 1024;

    /** The log outputs as one comma-separated value, the form {@code LogSetup.configure} takes. */
    public String logOutputsJoined() {
        return String.join(",", logOutputs);
    }
}
