package dev.cairn.operator.reconciler;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.members.EtcdAdmin;
import dev.cairn.operator.members.EtcdAdminException;
import dev.cairn.operator.members.MemberInfo;
import dev.cairn.operator.model.ClusterNames;
import dev.cairn.operator.model.MemberUrls;
import dev.cairn.operator.plan.Decision;
import dev.cairn.operator.plan.InitialClusterState;
import dev.cairn.operator.plan.JoinConfig;
import dev.cairn.operator.plan.MemberNaming;
import dev.cairn.operator.plan.Purpose;
import dev.cairn.operator.plan.Step;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/**
 * Carries out one planned step against Kubernetes and etcd, and records an Event for each membership change.
 * Every step is idempotent; one the API refuses fails here and is planned again from the next observation.
 */
final class StepExecutor {

    private final ClusterEvents events;

    StepExecutor(ClusterEvents events) {
        this.events = events;
    }

    void execute(KubernetesClient client, EtcdCluster cluster, EtcdAdmin admin, Observation observation,
                 Decision decision) throws EtcdAdminException {
        ClusterNames names = ClusterNames.of(cluster);
        MemberNaming naming = DesiredClusters.naming(cluster);
        switch (decision.step()) {
            case Step.Bootstrap bootstrap -> {
                // Every member's configuration says "new" before any pod exists to read it.
                JoinConfigMaps.write(client, cluster, new JoinConfig(InitialClusterState.NEW,
                        bootstrap.initialCluster()), Optional.empty());
                scale(client, names, bootstrap.replicas());
            }
            case Step.AddLearner add -> {
                MemberInfo added = admin.addLearner(List.of(add.peerUrl()));
                events.normal(client, cluster, ClusterEvents.MEMBER_ADDED, "added " + add.name() + " ("
                        + added.hexId() + ") as a learner" + (decision.purpose() == Purpose.REPLACEMENT
                        ? " to replace the member removed from that ordinal" : ""));
            }
            case Step.WriteJoinConfig write ->
                    JoinConfigMaps.write(client, cluster, write.config(), Optional.of(naming.name(write.ordinal())));
            case Step.PromoteLearner promote -> {
                admin.promote(promote.memberId());
                events.normal(client, cluster, ClusterEvents.MEMBER_PROMOTED,
                        "promoted " + describe(observation, promote.memberId()) + " to a voting member");
            }
            case Step.MoveLeader move -> {
                Observation.Member leader = observation.leader().orElseThrow(() -> new EtcdAdminException(
                        "no leader known to move leadership away from"));
                admin.moveLeader(MemberUrls.of(cluster).client(leader.name()), move.toMemberId());
                events.normal(client, cluster, ClusterEvents.LEADER_MOVED, "moved leadership from "
                        + describe(observation, leader.member().id()) + " to "
                        + describe(observation, move.toMemberId()));
            }
            case Step.RemoveMember remove -> {
                admin.remove(remove.memberId());
                if (decision.purpose() == Purpose.REPLACEMENT) {
                    events.warning(client, cluster, ClusterEvents.MEMBER_REPLACING, "replacing "
                            + describe(observation, remove.memberId()) + ": removed it from the cluster; a new "
                            + "member with an empty volume takes its place");
                } else {
                    events.normal(client, cluster, ClusterEvents.MEMBER_REMOVED,
                            "removed " + describe(observation, remove.memberId()) + " from the cluster");
                }
            }
            case Step.ScaleStatefulSet scale -> scale(client, names, scale.replicas());
            case Step.DeletePvc delete -> client.persistentVolumeClaims().inNamespace(names.namespace())
                    .withName(ClusterObserver.DATA_CLAIM_PREFIX + naming.name(delete.ordinal())).delete();
            case Step.DeletePod delete -> deletePod(client, names, naming.name(delete.ordinal()));
            case Step.RollPod roll -> deletePod(client, names, naming.name(roll.ordinal()));
            case Step.ReportDegraded ignored -> {
                // Reported through the conditions; nothing is touched.
            }
            case Step.Wait ignored -> {
                // The step under way finishes on its own; the next reconcile looks again.
            }
            case Step.Done ignored -> {
            }
        }
    }

    private static void scale(KubernetesClient client, ClusterNames names, int replicas) {
        client.apps().statefulSets().inNamespace(names.namespace()).withName(names.statefulSet())
                .edit(statefulSet -> {
                    statefulSet.getSpec().setReplicas(replicas);
                    return statefulSet;
                });
    }

    private static void deletePod(KubernetesClient client, ClusterNames names, String pod) {
        client.pods().inNamespace(names.namespace()).withName(pod).delete();
    }

    /** "demo-1 (8e9e05c52164694d)". */
    private static String describe(Observation observation, long id) {
        String hex = Long.toHexString(id);
        return observation.member(id).map(m -> m.name() + " (" + hex + ")").orElse(hex);
    }
}
