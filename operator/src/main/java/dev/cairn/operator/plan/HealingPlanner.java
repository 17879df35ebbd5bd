package dev.cairn.operator.plan;

import java.time.Instant;
import java.util.Optional;

/**
 * What is left once membership, replacement and rolling have nothing to do: a StatefulSet shrunk below its
 * members (by hand) is grown back, and a member that is unhealthy, but not yet for long enough to be
 * replaced, is waited for.
 */
final class HealingPlanner {

    Optional<Decision> plan(ClusterView view) {
        int needed = view.membersByOrdinal().keySet().stream().mapToInt(k -> k + 1).max().orElse(0);
        if (view.observed().statefulSetReplicas() < needed) {
            return Optional.of(Decision.of(Purpose.HEALING, new Step.ScaleStatefulSet(needed)));
        }
        return view.membersByOrdinal().values().stream().filter(m -> !m.health().healthy()).findFirst()
                .map(m -> Decision.of(Purpose.HEALING, new Step.Wait(view.describe(m) + " unhealthy since "
                        + since(view, m) + "; replaced once unhealthy for "
                        + view.desired().health().unhealthyAfter())));
    }

    private static String since(ClusterView view, ObservedMember member) {
        Instant countedFrom = view.unhealthyCountedFrom(member);
        return countedFrom.equals(member.health().since()) ? countedFrom.toString()
                : member.health().since() + " (counted from " + countedFrom + ", when a healthy majority was back)";
    }
}
