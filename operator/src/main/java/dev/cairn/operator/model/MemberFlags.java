package dev.cairn.operator.model;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.api.NodeOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The etcd flags every member container runs with. Per-pod values come from environment variables the kubelet
 * expands in {@code $(VAR)} references: the pod's name and IP, and the bootstrap ConfigMap's values.
 */
public final class MemberFlags {

    static final String POD_NAME = "POD_NAME";
    static final String POD_IP = "POD_IP";
    static final String INITIAL_CLUSTER = "INITIAL_CLUSTER";
    static final String INITIAL_CLUSTER_STATE = "INITIAL_CLUSTER_STATE";

    static final String DATA_MOUNT = "/var/lib/etcd";
    /** A directory below the mount: a fresh volume's root may hold lost+found, and etcd wants the dir to itself. */
    static final String DATA_DIR = DATA_MOUNT + "/data";
    static final String SERVER_TLS_MOUNT = "/etc/cairn/tls/server";
    static final String PEER_TLS_MOUNT = "/etc/cairn/tls/peer";

    private MemberFlags() {
    }

    public static List<String> of(EtcdCluster cluster) {
        ClusterNames names = ClusterNames.of(cluster);
        MemberUrls urls = MemberUrls.of(cluster);
        String scheme = urls.scheme();
        String self = ref(POD_NAME);
        List<String> flags = new ArrayList<>();
        flags.add("--name=" + self);
        flags.add("--data-dir=" + DATA_DIR);
        // The pod IP only: pods of the local stand-in share one loopback, where two cannot both bind 2379.
        flags.add("--listen-client-urls=" + scheme + "://" + ref(POD_IP) + ":" + MemberPorts.CLIENT);
        flags.add("--advertise-client-urls=" + urls.client(self));
        flags.add("--listen-peer-urls=" + scheme + "://" + ref(POD_IP) + ":" + MemberPorts.PEER);
        flags.add("--initial-advertise-peer-urls=" + urls.peer(self));
        flags.add("--listen-metrics-urls=http://" + ref(POD_IP) + ":" + MemberPorts.METRICS);
        flags.add("--initial-cluster=" + ref(INITIAL_CLUSTER));
        flags.add("--initial-cluster-state=" + ref(INITIAL_CLUSTER_STATE));
        flags.add("--initial-cluster-token=" + names.initialClusterToken());
        addOptions(flags, StoredSpec.defaulted(cluster.getSpec().getOptions(), "spec.options"));
        if (urls.tls()) {
            addTls(flags, "", SERVER_TLS_MOUNT);
            addTls(flags, "peer-", PEER_TLS_MOUNT);
        }
        return flags;
    }

    private static void addOptions(List<String> flags, NodeOptions options) {
        flags.add("--snapshot-count=" + StoredSpec.defaulted(options.getSnapshotCount(), "spec.options.snapshotCount"));
        flags.add("--heartbeat-interval=" + StoredSpec.defaulted(options.getHeartbeatIntervalMillis(),
                "spec.options.heartbeatIntervalMillis"));
        flags.add("--election-timeout=" + StoredSpec.defaulted(options.getElectionTimeoutMillis(),
                "spec.options.electionTimeoutMillis"));
        if (options.getQuotaBackendBytes() != null) {
            flags.add("--quota-backend-bytes=" + options.getQuotaBackendBytes());
        }
        if (options.getAutoCompactionRetention() != null) {
            flags.add("--auto-compaction-mode=" + StoredSpec.defaulted(options.getAutoCompactionMode(),
                    "spec.options.autoCompactionMode").flagValue());
            flags.add("--auto-compaction-retention=" + options.getAutoCompactionRetention());
        }
    }

    /** Mutual TLS: the member presents the mounted certificate and requires one signed by the cluster's CA. */
    private static void addTls(List<String> flags, String prefix, String mount) {
        flags.add("--" + prefix + "cert-file=" + mount + "/tls.crt");
        flags.add("--" + prefix + "key-file=" + mount + "/tls.key");
        flags.add("--" + prefix + "trusted-ca-file=" + mount + "/ca.crt");
        flags.add("--" + prefix + "client-cert-auth=true");
    }

    private static String ref(String variable) {
        return "$(" + variable + ")";
    }
}
