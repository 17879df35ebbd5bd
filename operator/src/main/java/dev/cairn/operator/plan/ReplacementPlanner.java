package dev.cairn.operator.plan;

import java.util.Map;
import java.util.Optional;

/**
 * Starts the replacement of a lost member (etcd's runbook: remove the member, wipe its volume, add it back
 * as a new member): one whose data is gone (empty volume, or another cluster's data directory) or that has
 * been unhealthy for longer than the policy allows. This planner only takes the first, destructive step,
 * {@code member remove}; the emptied ordinal is then filled by {@link JoinPlanner} like any vacancy. It runs
 * only when no learner is pending and no ordinal is vacant, so two replacements never overlap, and only
 * while the voters left keep a healthy majority.
 */
final class ReplacementPlanner {

    Optional<Decision> plan(ClusterView view) {
        return view.membersByOrdinal().entrySet().stream()
                .filter(e -> e.getKey() < view.desired().replicas() && !e.getValue().learner())
                .filter(e -> view.dataGone(e.getKey()) || view.unhealthyTooLong(e.getValue()))
                .findFirst().map(e -> replace(view, e));
    }

    private Decision replace(ClusterView view, Map.Entry<Integer, ObservedMember> entry) {
        ObservedMember member = entry.getValue();
        String why = view.dataGone(entry.getKey())
                ? "its volume no longer holds this cluster's data (" + view.slot(entry.getKey()).volume() + ")"
                : "unhealthy since " + member.health().since();
        if (member.leader()) {
            return view.leadershipTarget(member)
                    .map(to -> Decision.of(Purpose.REPLACEMENT, new Step.MoveLeader(to.id())))
                    .orElseGet(() -> Decision.of(Purpose.REPLACEMENT, new Step.Wait("no caught-up member to take"
                            + " over leadership from " + view.describe(member) + " before replacing it")));
        }
        if (!view.keepsQuorumWithout(member)) {
            return Decision.of(Purpose.BLOCKED, new Step.ReportDegraded(ConditionReasons.REPLACEMENT_BLOCKED,
                    view.describe(member) + " must be replaced (" + why
                            + ") but removing it would leave no healthy majority"));
        }
        return Decision.of(Purpose.REPLACEMENT, new Step.RemoveMember(member.id()));
    }
}
