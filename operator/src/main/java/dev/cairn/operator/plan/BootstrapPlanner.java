package dev.cairn.operator.plan;

import java.util.Optional;

/**
 * First formation, and what to do when no member answers. {@code initial-cluster-state=new} is published
 * only while nothing of a cluster exists yet: no member answers, the status never recorded a formed cluster,
 * the StatefulSet has no pods, and no volume holds data. Once the cluster has formed, every published
 * {@code new} is turned into {@code existing}, so an emptied volume can never bootstrap a second cluster.
 */
final class BootstrapPlanner {

    /** The step when the member list could not be read. */
    Decision planUnreachable(ClusterView view) {
        ObservedCluster observed = view.observed();
        if (observed.formedBefore()) {
            return Decision.of(Purpose.BLOCKED, new Step.ReportDegraded(ConditionReasons.QUORUM_LOST,
                    "no member answers the member list; the cluster formed before, so it is never bootstrapped again"));
        }
        if (observed.statefulSetReplicas() > 0) {
            return Decision.of(Purpose.BOOTSTRAP, new Step.Wait("bootstrap of " + observed.statefulSetReplicas()
                    + " members under way: waiting for the members to form the cluster"));
        }
        Optional<Slot> withData = observed.slots().stream()
                .filter(slot -> slot.volume().present() && slot.volume() != VolumeState.EMPTY).findFirst();
        if (withData.isPresent()) {
            return Decision.of(Purpose.BLOCKED, new Step.ReportDegraded(ConditionReasons.DATA_WITHOUT_MEMBERS,
                    "volume of " + view.naming().name(withData.get().ordinal()) + " holds data ("
                            + withData.get().volume() + ") but no member answers; refusing to bootstrap over it"));
        }
        int replicas = view.desired().replicas();
        return Decision.of(Purpose.BOOTSTRAP,
                new Step.Bootstrap(replicas, view.initialClusterForBootstrap(replicas)));
    }

    /** The step while members answer but no healthy majority exists yet. */
    Decision planForming(ClusterView view) {
        if (view.observed().formedBefore()) {
            return Decision.of(Purpose.BLOCKED, new Step.ReportDegraded(ConditionReasons.QUORUM_LOST,
                    view.healthyVoters() + " of " + view.voters().size()
                            + " voting members healthy; no step is taken without a healthy majority"));
        }
        return Decision.of(Purpose.BOOTSTRAP, new Step.Wait("cluster forming: " + view.healthyVoters() + " of "
                + view.voters().size() + " voting members healthy"));
    }

    /** After formation: the first member whose published join configuration still says {@code new}. */
    Optional<Decision> planFinish(ClusterView view) {
        return view.membersByOrdinal().keySet().stream()
                .filter(k -> view.slot(k).joinConfig().map(c -> c.state() == InitialClusterState.NEW).orElse(false))
                .findFirst()
                .map(k -> Decision.of(Purpose.BOOTSTRAP_FINISH,
                        new Step.WriteJoinConfig(k, JoinConfig.joining(view.initialClusterOfMembers()))));
    }
}
