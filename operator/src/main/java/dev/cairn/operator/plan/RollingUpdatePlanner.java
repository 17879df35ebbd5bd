package dev.cairn.operator.plan;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rolls pods whose config hash differs from the spec's, one at a time: followers from the highest ordinal
 * down, the leader last (after handing leadership to a caught-up member). A pod is rolled only when every
 * member is a healthy, caught-up voter with a ready pod, which is also how the planner waits for the member
 * rolled before to come back.
 */
final class RollingUpdatePlanner {

    Optional<Decision> plan(ClusterView view) {
        String wanted = view.desired().configHash();
        List<Map.Entry<Integer, ObservedMember>> outdated = view.membersByOrdinal().entrySet().stream()
                .filter(e -> view.slot(e.getKey()).podConfigHash().map(hash -> !hash.equals(wanted)).orElse(false))
                .sorted(Comparator.<Map.Entry<Integer, ObservedMember>, Boolean>comparing(e -> e.getValue().leader())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .toList();
        if (outdated.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> notReady = firstNotReady(view);
        if (notReady.isPresent()) {
            return Optional.of(Decision.of(Purpose.ROLLING_UPDATE,
                    new Step.Wait("rolling update waits: " + notReady.get())));
        }
        Map.Entry<Integer, ObservedMember> next = outdated.getFirst();
        ObservedMember member = next.getValue();
        if (member.leader() && view.voters().size() > 1) {
            return Optional.of(view.leadershipTarget(member)
                    .map(to -> Decision.of(Purpose.ROLLING_UPDATE, new Step.MoveLeader(to.id())))
                    .orElseGet(() -> Decision.of(Purpose.ROLLING_UPDATE, new Step.Wait(
                            "no caught-up member to take over leadership from " + view.describe(member)))));
        }
        return Optional.of(Decision.of(Purpose.ROLLING_UPDATE, new Step.RollPod(next.getKey())));
    }

    private static Optional<String> firstNotReady(ClusterView view) {
        for (Map.Entry<Integer, ObservedMember> e : view.membersByOrdinal().entrySet()) {
            ObservedMember member = e.getValue();
            if (member.learner()) {
                return Optional.of(view.describe(member) + " is a learner");
            }
            if (!view.slot(e.getKey()).podReady()) {
                return Optional.of("pod " + view.naming().name(e.getKey()) + " not ready");
            }
            if (!view.caughtUp(member)) {
                return Optional.of(view.describe(member) + " not healthy and caught up");
            }
        }
        return Optional.empty();
    }
}
