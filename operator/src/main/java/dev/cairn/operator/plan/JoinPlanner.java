package dev.cairn.operator.plan;

import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Brings one new member in, for a scale-up or a replacement alike: a pending learner is started and promoted
 * before anything else happens; otherwise the lowest ordinal below the desired size that has no member gets
 * its slot cleaned (stale claim deleted) and a learner added. Steps, in order: delete a stale claim, delete the
 * pod holding it, {@code member add --learner}, publish its join configuration ({@code existing} with the
 * member list as {@code member add} reported it), scale the StatefulSet to cover it, wait until it is caught
 * up, promote. A started learner that stays down longer than the health policy allows is removed and its
 * ordinal filled afresh.
 *
 * <p>Whether a new member is a scale-up or a replacement is not visible in the world (replacing the highest
 * ordinal looks like growing by one); an ordinal above every voter counts as scale-up, any other as
 * replacement.
 */
final class JoinPlanner {

    Optional<Decision> plan(ClusterView view) {
        Optional<Integer> learnerOrdinal = view.membersByOrdinal().entrySet().stream()
                .filter(e -> e.getValue().learner()).map(Map.Entry::getKey).findFirst();
        if (learnerOrdinal.isPresent()) {
            return Optional.of(planLearner(view, learnerOrdinal.get()));
        }
        return IntStream.range(0, view.desired().replicas()).filter(k -> view.memberAt(k).isEmpty()).boxed()
                .findFirst().map(k -> planVacancy(view, k));
    }

    private Decision planLearner(ClusterView view, int ordinal) {
        ObservedMember learner = view.memberAt(ordinal).orElseThrow();
        if (ordinal >= view.desired().replicas()) {
            // A scale-up that the spec no longer wants: a learner does not count towards quorum, so it goes.
            return Decision.of(Purpose.SCALE_DOWN, new Step.RemoveMember(learner.id()));
        }
        Purpose purpose = purposeOf(view, ordinal);
        if (!learner.started()) {
            JoinConfig expected = JoinConfig.joining(view.initialClusterOfMembers());
            if (!view.slot(ordinal).joinConfig().equals(Optional.of(expected))) {
                return Decision.of(purpose, new Step.WriteJoinConfig(ordinal, expected));
            }
            if (view.observed().statefulSetReplicas() <= ordinal) {
                return Decision.of(purpose, new Step.ScaleStatefulSet(ordinal + 1));
            }
            return Decision.of(purpose, new Step.Wait("learner " + view.describe(learner) + " starting"));
        }
        if (view.unhealthyTooLong(learner)) {
            // It started, then went down (a broken disk, say): a learner holds no vote, so it is simply
            // removed, and its ordinal is filled afresh.
            return Decision.of(purpose, new Step.RemoveMember(learner.id()));
        }
        if (!view.caughtUp(learner)) {
            return Decision.of(purpose, new Step.Wait("learner " + view.describe(learner) + " catching up"));
        }
        return Decision.of(purpose, new Step.PromoteLearner(learner.id()));
    }

    /** An ordinal below the desired size without a member: clean its slot, then add a learner for it. */
    private Decision planVacancy(ClusterView view, int ordinal) {
        Purpose purpose = purposeOf(view, ordinal);
        Slot slot = view.slot(ordinal);
        String name = view.naming().name(ordinal);
        return switch (slot.volume()) {
            case ABSENT, EMPTY -> Decision.of(purpose,
                    new Step.AddLearner(ordinal, name, view.naming().peerUrl(ordinal)));
            // A claim of a member that is no longer in the cluster: its data is of no use and must not be
            // joined with. A claim whose content is not known yet is waited for while its pod runs (it may be
            // the fresh claim of a recreated pod); without a pod, nothing will ever report it, so it goes.
            case UNKNOWN -> slot.podExists()
                    ? Decision.of(purpose, new Step.Wait("waiting for " + name + " to report its volume's content"))
                    : Decision.of(purpose, new Step.DeletePvc(ordinal));
            case CLUSTER_DATA, FOREIGN_DATA -> Decision.of(purpose, new Step.DeletePvc(ordinal));
            case DELETING -> slot.podExists()
                    ? Decision.of(purpose, new Step.DeletePod(ordinal))
                    : Decision.of(purpose, new Step.Wait("volume claim of " + name + " being deleted"));
        };
    }

    private static Purpose purposeOf(ClusterView view, int ordinal) {
        boolean aboveEveryVoter = view.membersByOrdinal().entrySet().stream()
                .filter(e -> !e.getValue().learner()).allMatch(e -> e.getKey() < ordinal);
        return aboveEveryVoter ? Purpose.SCALE_UP : Purpose.REPLACEMENT;
    }
}
