package dev.cairn.operator.reconciler;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.api.EtcdClusterSpec;
import dev.cairn.operator.api.HealthPolicy;
import dev.cairn.operator.model.ClusterNames;
import dev.cairn.operator.model.InvalidSpecException;
import dev.cairn.operator.model.MemberPorts;
import dev.cairn.operator.model.MemberStatefulSet;
import dev.cairn.operator.model.MemberUrls;
import dev.cairn.operator.model.StoredSpec;
import dev.cairn.operator.plan.DesiredCluster;
import dev.cairn.operator.plan.MemberHealthPolicy;
import dev.cairn.operator.plan.MemberNaming;
import java.time.Duration;

/** The planner's view of a resource's spec. Values the schema would refuse are reported as an invalid spec. */
final class DesiredClusters {

    /**
     * How far a member's applied index may trail the leader's raft index and still count as caught up: etcd
     * promotes a learner within 90% of the leader's log, and a thousand entries is a few milliseconds of load.
     */
    static final long MAX_LAG_ENTRIES = 1000;

    private DesiredClusters() {
    }

    static DesiredCluster of(EtcdCluster cluster) {
        EtcdClusterSpec spec = StoredSpec.of(cluster);
        int replicas = StoredSpec.defaulted(spec.getReplicas(), "spec.replicas");
        if (replicas < 1 || replicas > DesiredCluster.MAX_REPLICAS) {
            throw new InvalidSpecException("spec.replicas must be in 1.." + DesiredCluster.MAX_REPLICAS + ", got "
                    + replicas);
        }
        HealthPolicy health = StoredSpec.defaulted(spec.getHealthPolicy(), "spec.healthPolicy");
        int unhealthySeconds = StoredSpec.defaulted(health.getUnhealthySecondsBeforeReplacement(),
                "spec.healthPolicy.unhealthySecondsBeforeReplacement");
        if (unhealthySeconds < 1) {
            throw new InvalidSpecException("spec.healthPolicy.unhealthySecondsBeforeReplacement must be positive, got "
                    + unhealthySeconds);
        }
        return new DesiredCluster(replicas, MemberStatefulSet.configHash(cluster),
                new MemberHealthPolicy(Duration.ofSeconds(unhealthySeconds), MAX_LAG_ENTRIES), naming(cluster));
    }

    /** Member names and peer URLs exactly as {@link MemberUrls} spells them. */
    static MemberNaming naming(EtcdCluster cluster) {
        ClusterNames names = ClusterNames.of(cluster);
        String peerDomain = names.peerService() + "." + names.namespace() + ".svc";
        return new MemberNaming(names.statefulSet(), peerDomain, MemberUrls.of(cluster).scheme(), MemberPorts.PEER);
    }
}
