package dev.cairn.operator.plan;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns one observation and the planner's decision into the three status conditions, always in the order
 * Available, Progressing, Degraded. Messages are built only from the inputs (no clock readings), and a
 * condition whose status did not change keeps its previous {@code lastTransitionTime}, so the same inputs
 * give the same conditions and a status update is only written when something changed.
 */
public final class ConditionAggregator {

    public List<Condition> aggregate(List<Condition> previous, DesiredCluster desired, ObservedCluster observed,
                                     Decision decision, Instant now) {
        ClusterView view = new ClusterView(desired, observed, now);
        return List.of(
                keepTransitionTime(previous, available(view), now),
                keepTransitionTime(previous, progressing(decision), now),
                keepTransitionTime(previous, degraded(view, decision), now));
    }

    private static Condition available(ClusterView view) {
        if (!view.observed().membersListed()) {
            return draft(Condition.AVAILABLE, false,
                    view.observed().formedBefore() ? ConditionReasons.QUORUM_LOST : ConditionReasons.BOOTSTRAPPING,
                    "no member answers");
        }
        String counts = view.healthyVoters() + " of " + view.voters().size() + " voting members healthy";
        if (view.hasQuorum()) {
            return draft(Condition.AVAILABLE, true, ConditionReasons.QUORUM_HEALTHY, counts);
        }
        return draft(Condition.AVAILABLE, false,
                view.observed().formedBefore() ? ConditionReasons.QUORUM_LOST : ConditionReasons.BOOTSTRAPPING,
                counts);
    }

    private static Condition progressing(Decision decision) {
        String message = describe(decision.step());
        return switch (decision.purpose()) {
            case BOOTSTRAP, BOOTSTRAP_FINISH ->
                    draft(Condition.PROGRESSING, true, ConditionReasons.BOOTSTRAPPING, message);
            case SCALE_UP -> draft(Condition.PROGRESSING, true, ConditionReasons.SCALING_UP, message);
            case SCALE_DOWN -> draft(Condition.PROGRESSING, true, ConditionReasons.SCALING_DOWN, message);
            case REPLACEMENT -> draft(Condition.PROGRESSING, true, ConditionReasons.MEMBER_REPLACING, message);
            case ROLLING_UPDATE -> draft(Condition.PROGRESSING, true, ConditionReasons.ROLLING_UPDATE, message);
            case HEALING -> draft(Condition.PROGRESSING, false, ConditionReasons.AWAITING_MEMBER_HEALTH, message);
            case BLOCKED -> draft(Condition.PROGRESSING, false, ConditionReasons.BLOCKED, message);
            case STEADY -> draft(Condition.PROGRESSING, false, ConditionReasons.RECONCILED, "");
        };
    }

    /** The most serious problem wins: blocked (QuorumLost first), replacing, unhealthy, even member count. */
    private static Condition degraded(ClusterView view, Decision decision) {
        if (decision.step() instanceof Step.ReportDegraded report) {
            return draft(Condition.DEGRADED, true, report.reason(), report.message());
        }
        if (decision.purpose() == Purpose.REPLACEMENT) {
            return draft(Condition.DEGRADED, true, ConditionReasons.MEMBER_REPLACING, describe(decision.step()));
        }
        String unhealthy = view.membersByOrdinal().values().stream().filter(m -> !m.health().healthy())
                .map(view::describe).collect(Collectors.joining(", "));
        if (!unhealthy.isEmpty()) {
            return draft(Condition.DEGRADED, true, ConditionReasons.MEMBER_UNHEALTHY, "unhealthy: " + unhealthy);
        }
        int replicas = view.desired().replicas();
        if (replicas % 2 == 0) {
            return draft(Condition.DEGRADED, true, ConditionReasons.EVEN_MEMBER_COUNT, "replicas is " + replicas
                    + ": it tolerates no more member failures than " + (replicas - 1)
                    + " members and needs a larger majority");
        }
        return draft(Condition.DEGRADED, false, ConditionReasons.HEALTHY, "");
    }

    private static String describe(Step step) {
        return switch (step) {
            case Step.Wait wait -> wait.reason();
            case Step.ReportDegraded report -> report.message();
            case Step.Done done -> "";
            default -> step.toString();
        };
    }

    /** A condition whose transition time is filled in by {@link #keepTransitionTime}. */
    private static Condition draft(String type, boolean status, String reason, String message) {
        return new Condition(type, ConditionStatus.of(status), reason, message, Instant.EPOCH);
    }

    private static Condition keepTransitionTime(List<Condition> previous, Condition draft, Instant now) {
        Optional<Condition> before = previous.stream().filter(c -> c.type().equals(draft.type())).findFirst();
        Instant since = before.filter(c -> c.status() == draft.status()).map(Condition::lastTransitionTime)
                .orElse(now);
        return new Condition(draft.type(), draft.status(), draft.reason(), draft.message(), since);
    }
}
