package dev.cairn.operator.plan;

import static dev.cairn.operator.plan.Fixture.NOW;
import static dev.cairn.operator.plan.Fixture.desired;
import static dev.cairn.operator.plan.Fixture.healthy;
import static dev.cairn.operator.plan.Fixture.listed;
import static dev.cairn.operator.plan.Fixture.member;
import static dev.cairn.operator.plan.Fixture.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConditionAggregatorTest {

    private final ConditionAggregator aggregator = new ConditionAggregator();
    private final ClusterPlanner planner = new ClusterPlanner();

    private List<Condition> aggregate(List<Condition> previous, DesiredCluster desired, ObservedCluster observed,
                                      Instant now) {
        return aggregator.aggregate(previous, desired, observed, planner.plan(desired, observed, now), now);
    }

    /** (type, status, reason) of the three conditions, in their fixed order. */
    private static List<String> summary(List<Condition> conditions) {
        return conditions.stream().map(c -> c.type() + "=" + c.status().wireValue() + "/" + c.reason()).toList();
    }

    static Stream<Arguments> situations() {
        return Stream.of(
                arguments("healthy odd cluster", desired(3), healthy(3),
                        List.of("Available=True/QuorumHealthy", "Progressing=False/Reconciled", "Degraded=False/Healthy")),
                arguments("even member count is a warning", desired(4), healthy(4),
                        List.of("Available=True/QuorumHealthy", "Progressing=False/Reconciled",
                                "Degraded=True/EvenMemberCount")),
                arguments("quorum lost", desired(3), listed(3, List.of(member(0), member(1).unhealthyFor(
                                Duration.ofHours(1)), member(2).unhealthyFor(Duration.ofHours(1))),
                                List.of(running(0), running(1), running(2))),
                        List.of("Available=False/QuorumLost", "Progressing=False/Blocked", "Degraded=True/QuorumLost")),
                arguments("member being replaced", desired(3), listed(3, List.of(member(0).leader(),
                                member(1).unhealthyFor(Duration.ofHours(1)), member(2)),
                                List.of(running(0), running(1), running(2))),
                        List.of("Available=True/QuorumHealthy", "Progressing=True/MemberReplacing",
                                "Degraded=True/MemberReplacing")),
                arguments("member unhealthy, within the policy", desired(3), listed(3, List.of(member(0).leader(),
                                member(1).unhealthyFor(Duration.ofMinutes(1)), member(2)),
                                List.of(running(0), running(1), running(2))),
                        List.of("Available=True/QuorumHealthy", "Progressing=False/AwaitingMemberHealth",
                                "Degraded=True/MemberUnhealthy")),
                arguments("scaling up", desired(5), healthy(3),
                        List.of("Available=True/QuorumHealthy", "Progressing=True/ScalingUp", "Degraded=False/Healthy")),
                arguments("bootstrapping", desired(3), ObservedCluster.unreachable(false, 0, List.of()),
                        List.of("Available=False/Bootstrapping", "Progressing=True/Bootstrapping",
                                "Degraded=False/Healthy")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("situations")
    void reportsTheSituation(String situation, DesiredCluster desired, ObservedCluster observed, List<String> expected) {
        assertThat(summary(aggregate(List.of(), desired, observed, NOW))).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("situations")
    void sameInputsLaterGiveTheSameConditions(String situation, DesiredCluster desired, ObservedCluster observed,
                                              List<String> expected) {
        List<Condition> first = aggregate(List.of(), desired, observed, NOW);
        List<Condition> again = aggregate(first, desired, observed, NOW.plus(Duration.ofSeconds(30)));
        assertThat(again).isEqualTo(first);
        assertThat(again).allSatisfy(c -> assertThat(c.lastTransitionTime()).isEqualTo(NOW));
    }

    @Test
    void aStatusChangeMovesOnlyThatConditionsTransitionTime() {
        List<Condition> healthyConditions = aggregate(List.of(), desired(3), healthy(3), NOW);
        Instant later = NOW.plus(Duration.ofMinutes(1));
        ObservedCluster oneUnhealthy = listed(3, List.of(member(0).leader(),
                member(1).unhealthyFor(Duration.ofSeconds(5)), member(2)), List.of(running(0), running(1), running(2)));

        List<Condition> after = aggregate(healthyConditions, desired(3), oneUnhealthy, later);

        assertThat(after.get(0).status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(after.get(0).message()).isEqualTo("2 of 3 voting members healthy");
        assertThat(after.get(0).lastTransitionTime()).isEqualTo(NOW);
        assertThat(after.get(1).lastTransitionTime()).isEqualTo(NOW);
        assertThat(after.get(1).reason()).isEqualTo(ConditionReasons.AWAITING_MEMBER_HEALTH);
        assertThat(after.get(2).status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(after.get(2).lastTransitionTime()).isEqualTo(later);
    }

    @Test
    void aReasonChangeWithTheSameStatusKeepsTheTransitionTime() {
        List<Condition> scalingUp = aggregate(List.of(), desired(5), healthy(3), NOW);
        Instant later = NOW.plus(Duration.ofMinutes(1));

        List<Condition> scalingDown = aggregate(scalingUp, desired(1), healthy(3), later);

        assertThat(scalingDown.get(1).reason()).isEqualTo(ConditionReasons.SCALING_DOWN);
        assertThat(scalingDown.get(1).lastTransitionTime()).isEqualTo(NOW);
    }
}
