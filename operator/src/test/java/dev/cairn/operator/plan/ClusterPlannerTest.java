package dev.cairn.operator.plan;

import static dev.cairn.operator.plan.Fixture.LEADER_INDEX;
import static dev.cairn.operator.plan.Fixture.MAX_LAG;
import static dev.cairn.operator.plan.Fixture.NAMING;
import static dev.cairn.operator.plan.Fixture.desired;
import static dev.cairn.operator.plan.Fixture.healthy;
import static dev.cairn.operator.plan.Fixture.idOf;
import static dev.cairn.operator.plan.Fixture.initialCluster;
import static dev.cairn.operator.plan.Fixture.listed;
import static dev.cairn.operator.plan.Fixture.member;
import static dev.cairn.operator.plan.Fixture.plan;
import static dev.cairn.operator.plan.Fixture.quorumRegained;
import static dev.cairn.operator.plan.Fixture.running;
import static dev.cairn.operator.plan.Fixture.slot;
import static dev.cairn.operator.plan.Fixture.withHash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table tests: one observed state per row (including the states a crash between two steps leaves behind)
 * and the one step the planner must answer with.
 */
class ClusterPlannerTest {

    private static final Duration LONG = Duration.ofMinutes(6);
    private static final Duration SHORT = Duration.ofMinutes(2);
    private static final Duration BRIEF = Duration.ofSeconds(20);
    private static final Optional<JoinConfig> NO_CONFIG = Optional.empty();

    private static Optional<JoinConfig> joining(int... ordinals) {
        return Optional.of(JoinConfig.joining(initialCluster(ordinals)));
    }

    private static Decision decision(Purpose purpose, Step step) {
        return new Decision(step, purpose);
    }

    static Stream<Arguments> bootstrap() {
        return Stream.of(
                arguments("nothing exists: bootstrap all members with state new",
                        desired(3), ObservedCluster.unreachable(false, 0, List.of()),
                        decision(Purpose.BOOTSTRAP, new Step.Bootstrap(3, initialCluster(0, 1, 2)))),
                arguments("crash after writing some bootstrap configs: bootstrap again",
                        desired(3), ObservedCluster.unreachable(false, 0, List.of(slot(0, false, false,
                                VolumeState.ABSENT, Optional.of(new JoinConfig(InitialClusterState.NEW,
                                        initialCluster(0, 1, 2)))))),
                        decision(Purpose.BOOTSTRAP, new Step.Bootstrap(3, initialCluster(0, 1, 2)))),
                arguments("bootstrap under way: wait, even though the spec grew meanwhile",
                        desired(5), ObservedCluster.unreachable(false, 3, List.of(
                                slot(0, true, false, VolumeState.UNKNOWN, NO_CONFIG))),
                        decision(Purpose.BOOTSTRAP, new Step.Wait("bootstrap of 3 members under way: waiting for"
                                + " the members to form the cluster"))),
                arguments("no member answers after the cluster formed: never bootstrap again",
                        desired(3), ObservedCluster.unreachable(true, 0, List.of()),
                        decision(Purpose.BLOCKED, new Step.ReportDegraded(ConditionReasons.QUORUM_LOST,
                                "no member answers the member list; the cluster formed before, so it is never"
                                        + " bootstrapped again"))),
                arguments("volumes left with data but no members: refuse to bootstrap over them",
                        desired(3), ObservedCluster.unreachable(false, 0, List.of(
                                slot(1, false, false, VolumeState.UNKNOWN, NO_CONFIG))),
                        decision(Purpose.BLOCKED, new Step.ReportDegraded(ConditionReasons.DATA_WITHOUT_MEMBERS,
                                "volume of demo-1 holds data (UNKNOWN) but no member answers; refusing to"
                                        + " bootstrap over it"))),
                arguments("first formation without a majority yet: wait",
                        desired(3), new ObservedCluster(true, List.of(member(0).build(),
                                member(1).unstarted().build(), member(2).unstarted().build()), false, 3, List.of(),
                                Optional.empty()),
                        decision(Purpose.BOOTSTRAP,
                                new Step.Wait("cluster forming: 1 of 3 voting members healthy"))),
                arguments("formed: a join config still saying new is turned into existing",
                        desired(3), listed(3, List.of(member(0).leader(), member(1), member(2)), List.of(
                                running(0), slot(1, true, true, VolumeState.CLUSTER_DATA, Optional.of(
                                        new JoinConfig(InitialClusterState.NEW, initialCluster(0, 1, 2)))),
                                running(2))),
                        decision(Purpose.BOOTSTRAP_FINISH,
                                new Step.WriteJoinConfig(1, JoinConfig.joining(initialCluster(0, 1, 2))))));
    }

    static Stream<Arguments> scaleUp() {
        return Stream.of(
                arguments("3 -> 5: add the first new member as a learner",
                        desired(5), healthy(3),
                        decision(Purpose.SCALE_UP, new Step.AddLearner(3, "demo-3", NAMING.peerUrl(3)))),
                arguments("learner added, crash before its config: publish the config member add printed",
                        desired(5), listed(3, List.of(member(0).leader(), member(1), member(2),
                                member(3).learner().unstarted()), List.of(running(0), running(1), running(2))),
                        decision(Purpose.SCALE_UP, new Step.WriteJoinConfig(3, JoinConfig.joining(
                                initialCluster(0, 1, 2, 3))))),
                arguments("config published, StatefulSet not grown yet: grow it to cover the learner",
                        desired(5), listed(3, List.of(member(0).leader(), member(1), member(2),
                                member(3).learner().unstarted()), List.of(running(0), running(1), running(2),
                                slot(3, false, false, VolumeState.ABSENT, joining(0, 1, 2, 3)))),
                        decision(Purpose.SCALE_UP, new Step.ScaleStatefulSet(4))),
                arguments("learner's pod starting: wait",
                        desired(5), listed(4, List.of(member(0).leader(), member(1), member(2),
                                member(3).learner().unstarted()), List.of(running(0), running(1), running(2),
                                slot(3, true, false, VolumeState.EMPTY, joining(0, 1, 2, 3)))),
                        decision(Purpose.SCALE_UP, new Step.Wait("learner demo-3 (a3) starting"))),
                arguments("learner started but behind the leader: wait",
                        desired(5), listed(4, List.of(member(0).leader(), member(1), member(2),
                                member(3).learner().applied(LEADER_INDEX - MAX_LAG - 1)),
                                List.of(running(0), running(1), running(2), running(3))),
                        decision(Purpose.SCALE_UP, new Step.Wait("learner demo-3 (a3) catching up"))),
                arguments("learner in sync: promote",
                        desired(5), listed(4, List.of(member(0).leader(), member(1), member(2),
                                member(3).learner().applied(LEADER_INDEX - MAX_LAG)),
                                List.of(running(0), running(1), running(2), running(3))),
                        decision(Purpose.SCALE_UP, new Step.PromoteLearner(idOf(3)))),
                arguments("promoted: the next member",
                        desired(5), healthy(4),
                        decision(Purpose.SCALE_UP, new Step.AddLearner(4, "demo-4", NAMING.peerUrl(4)))),
                arguments("a claim left from an earlier member at the new ordinal goes first",
                        desired(4), listed(3, List.of(member(0).leader(), member(1), member(2)), List.of(
                                running(0), running(1), running(2),
                                slot(3, false, false, VolumeState.UNKNOWN, NO_CONFIG))),
                        decision(Purpose.SCALE_UP, new Step.DeletePvc(3))),
                arguments("scale-up withdrawn while its learner is pending: remove the learner",
                        desired(3), listed(4, List.of(member(0).leader(), member(1), member(2),
                                member(3).learner()), List.of(running(0), running(1), running(2), running(3))),
                        decision(Purpose.SCALE_DOWN, new Step.RemoveMember(idOf(3)))));
    }

    static Stream<Arguments> scaleDown() {
        return Stream.of(
                arguments("5 -> 3: remove the highest ordinal first",
                        desired(3), healthy(5),
                        decision(Purpose.SCALE_DOWN, new Step.RemoveMember(idOf(4)))),
                arguments("the highest ordinal leads: move leadership to a caught-up member first",
                        desired(3), listed(5, List.of(member(0), member(1).applied(LEADER_INDEX - 5), member(2),
                                member(3), member(4).leader()), List.of(running(0), running(1), running(2),
                                running(3), running(4))),
                        decision(Purpose.SCALE_DOWN, new Step.MoveLeader(idOf(0)))),
                arguments("member removed, crash before the StatefulSet shrank: shrink it",
                        desired(3), listed(5, List.of(member(0).leader(), member(1), member(2), member(3)),
                                List.of(running(0), running(1), running(2), running(3), running(4))),
                        decision(Purpose.SCALE_DOWN, new Step.ScaleStatefulSet(4))),
                arguments("StatefulSet shrunk, pod still terminating: wait",
                        desired(3), listed(4, List.of(member(0).leader(), member(1), member(2), member(3)),
                                List.of(running(0), running(1), running(2), running(3), slot(4, true, false,
                                        VolumeState.CLUSTER_DATA, NO_CONFIG))),
                        decision(Purpose.SCALE_DOWN, new Step.Wait("pod demo-4 terminating"))),
                arguments("pod gone, claim left: delete the claim before the next removal",
                        desired(3), listed(4, List.of(member(0).leader(), member(1), member(2), member(3)),
                                List.of(running(0), running(1), running(2), running(3), slot(4, false, false,
                                        VolumeState.CLUSTER_DATA, NO_CONFIG))),
                        decision(Purpose.SCALE_DOWN, new Step.DeletePvc(4))),
                arguments("2 -> 1: the member left is a majority on its own",
                        desired(1), listed(2, List.of(member(0).leader(), member(1)),
                                List.of(running(0), running(1))),
                        decision(Purpose.SCALE_DOWN, new Step.RemoveMember(idOf(1)))),
                arguments("removing a healthy member while another is down would lose quorum: wait",
                        desired(2), listed(3, List.of(member(0).leader(), member(1).unhealthyFor(SHORT), member(2)),
                                List.of(running(0), running(1), running(2))),
                        decision(Purpose.SCALE_DOWN,
                                new Step.Wait("removing demo-2 (a2) would leave no healthy majority"))));
    }

    static Stream<Arguments> replacement() {
        return Stream.of(
                arguments("unhealthy past the policy, quorum holds: member remove",
                        desired(3), listed(3, List.of(member(0).leader(), member(1).unhealthyFor(LONG), member(2)),
                                List.of(running(0), running(1), running(2))),
                        decision(Purpose.REPLACEMENT, new Step.RemoveMember(idOf(1)))),
                arguments("unhealthy, not yet past the policy: wait",
                        desired(3), listed(3, List.of(member(0).leader(), member(1).unhealthyFor(SHORT), member(2)),
                                List.of(running(0), running(1), running(2))),
                        decision(Purpose.HEALING, new Step.Wait("demo-1 (a1) unhealthy since 2026-01-01T11:58:00Z;"
                                + " replaced once unhealthy for PT5M"))),
                arguments("down past the policy, but the majority came back within it: wait from then",
                        desired(3), quorumRegained(listed(3, List.of(member(0).leader(), member(1).unhealthyFor(LONG),
                                member(2)), List.of(running(0), running(1), running(2))), SHORT),
                        decision(Purpose.HEALING, new Step.Wait("demo-1 (a1) unhealthy since 2026-01-01T11:54:00Z"
                                + " (counted from 2026-01-01T11:58:00Z, when a healthy majority was back);"
                                + " replaced once unhealthy for PT5M"))),
                arguments("down past the policy, and so long since the majority came back: member remove",
                        desired(3), quorumRegained(listed(3, List.of(member(0).leader(), member(1).unhealthyFor(LONG),
                                member(2)), List.of(running(0), running(1), running(2))), Duration.ofMinutes(5)),
                        decision(Purpose.REPLACEMENT, new Step.RemoveMember(idOf(1)))),
                arguments("volume emptied under a started member that is down: replace at once",
                        desired(3), listed(3, List.of(member(0).leader(), member(1).unhealthyFor(BRIEF), member(2)),
                                List.of(
                                running(0), slot(1, true, false, VolumeState.EMPTY, joining(0, 1, 2)), running(2))),
                        decision(Purpose.REPLACEMENT, new Step.RemoveMember(idOf(1)))),
                arguments("volume holds another cluster's data: replace",
                        desired(3), listed(3, List.of(member(0).leader(), member(1), member(2).unhealthyFor(BRIEF)),
                                List.of(
                                running(0), running(1), slot(2, true, false, VolumeState.FOREIGN_DATA,
                                        joining(0, 1, 2)))),
                        decision(Purpose.REPLACEMENT, new Step.RemoveMember(idOf(2)))),
                arguments("a healthy member is never replaced on an old 'empty' volume report",
                        desired(3), listed(3, List.of(member(0).leader(), member(1), member(2)), List.of(
                                running(0), slot(1, true, true, VolumeState.EMPTY, joining(0, 1, 2)), running(2))),
                        decision(Purpose.STEADY, new Step.Done())),
                arguments("the member to replace is still reported leader: move leadership first",
                        desired(3), listed(3, List.of(member(0).leader().unhealthyFor(LONG), member(1), member(2)),
                                List.of(running(0), running(1), running(2))),
                        decision(Purpose.REPLACEMENT, new Step.MoveLeader(idOf(1)))),
                arguments("the member to replace leads and nobody is caught up: wait",
                        desired(3), listed(3, List.of(member(0).leader().unhealthyFor(LONG),
                                member(1).applied(0), member(2).applied(0)),
                                List.of(running(0), running(1), running(2))),
                        decision(Purpose.REPLACEMENT, new Step.Wait("no caught-up member to take over leadership"
                                + " from demo-0 (a0) before replacing it"))),
                arguments("a started learner down past the policy: remove it, its ordinal is filled afresh",
                        desired(4), listed(4, List.of(member(0).leader(), member(1), member(2),
                                member(3).learner().unhealthyFor(LONG)), List.of(running(0), running(1), running(2),
                                running(3))),
                        decision(Purpose.SCALE_UP, new Step.RemoveMember(idOf(3)))),
                arguments("two of three down: quorum lost, nothing destructive",
                        desired(3), listed(3, List.of(member(0), member(1).unhealthyFor(LONG),
                                member(2).unhealthyFor(LONG)), List.of(running(0), running(1), running(2))),
                        decision(Purpose.BLOCKED, new Step.ReportDegraded(ConditionReasons.QUORUM_LOST,
                                "1 of 3 voting members healthy; no step is taken without a healthy majority"))),
                arguments("one of two down: quorum lost",
                        desired(2), listed(2, List.of(member(0), member(1).unhealthyFor(LONG)),
                                List.of(running(0), running(1))),
                        decision(Purpose.BLOCKED, new Step.ReportDegraded(ConditionReasons.QUORUM_LOST,
                                "1 of 2 voting members healthy; no step is taken without a healthy majority"))),
                arguments("a learner is pending: no replacement starts",
                        desired(4), listed(4, List.of(member(0).leader(), member(1).unhealthyFor(LONG), member(2),
                                member(3).learner().applied(0)), List.of(running(0), running(1), running(2),
                                running(3))),
                        decision(Purpose.SCALE_UP, new Step.Wait("learner demo-3 (a3) catching up"))),
                arguments("a replacement is under way (ordinal 1 vacant): no second one starts",
                        desired(5), listed(5, List.of(member(0).leader(), member(2), member(3),
                                member(4).unhealthyFor(LONG)), List.of(running(0), slot(1, true, false,
                                VolumeState.UNKNOWN, joining(0, 1, 2)), running(2), running(3), running(4))),
                        decision(Purpose.REPLACEMENT, new Step.Wait("waiting for demo-1 to report its volume's"
                                + " content"))),
                arguments("member removed, crash before its claim went: delete the claim",
                        desired(3), listed(3, List.of(member(0).leader(), member(2)), List.of(running(0),
                                slot(1, true, false, VolumeState.CLUSTER_DATA, joining(0, 1, 2)), running(2))),
                        decision(Purpose.REPLACEMENT, new Step.DeletePvc(1))),
                arguments("claim deleting, pod still holds it: delete the pod",
                        desired(3), listed(3, List.of(member(0).leader(), member(2)), List.of(running(0),
                                slot(1, true, false, VolumeState.DELETING, joining(0, 1, 2)), running(2))),
                        decision(Purpose.REPLACEMENT, new Step.DeletePod(1))),
                arguments("claim deleting, pod gone: wait",
                        desired(3), listed(3, List.of(member(0).leader(), member(2)), List.of(running(0),
                                slot(1, false, false, VolumeState.DELETING, joining(0, 1, 2)), running(2))),
                        decision(Purpose.REPLACEMENT, new Step.Wait("volume claim of demo-1 being deleted"))),
                arguments("a stale claim without a pod: nothing will report it, delete it",
                        desired(3), listed(3, List.of(member(0).leader(), member(2)), List.of(running(0),
                                slot(1, false, false, VolumeState.UNKNOWN, joining(0, 1, 2)), running(2))),
                        decision(Purpose.REPLACEMENT, new Step.DeletePvc(1))),
                arguments("fresh empty claim: add the replacement as a learner",
                        desired(3), listed(3, List.of(member(0).leader(), member(2)), List.of(running(0),
                                slot(1, true, false, VolumeState.EMPTY, joining(0, 1, 2)), running(2))),
                        decision(Purpose.REPLACEMENT, new Step.AddLearner(1, "demo-1", NAMING.peerUrl(1)))),
                arguments("replacement learner started and in sync: promote",
                        desired(3), listed(3, List.of(member(0).leader(), member(1).learner(), member(2)),
                                List.of(running(0), running(1), running(2))),
                        decision(Purpose.REPLACEMENT, new Step.PromoteLearner(idOf(1)))),
                arguments("a member of no ordinal: touch nothing",
                        desired(3), new ObservedCluster(true, List.of(member(0).leader().build(), member(1).build(),
                                member(2).build(), new ObservedMember(0x77, "stray", List.of("https://10.0.0.9:2380"),
                                        false, false, MemberHealth.healthySince(Fixture.NOW), Optional.empty())),
                                true, 3, List.of(running(0), running(1), running(2)), Optional.of(Fixture.NOW)),
                        decision(Purpose.BLOCKED, new Step.ReportDegraded(ConditionReasons.UNEXPECTED_MEMBER,
                                "members 77 have peer URLs of no ordinal of demo; remove them by hand"))));
    }

    static Stream<Arguments> rolling() {
        return Stream.of(
                arguments("all current: done",
                        desired(3), healthy(3), decision(Purpose.STEADY, new Step.Done())),
                arguments("hash changed: highest follower first",
                        desired(3, "hash-2"), healthy(3), decision(Purpose.ROLLING_UPDATE, new Step.RollPod(2))),
                arguments("followers done: leadership moves off the leader before it rolls",
                        desired(3, "hash-2"), listed(3, List.of(member(0).leader(), member(1), member(2)),
                                List.of(running(0), withHash(1, "hash-2"), withHash(2, "hash-2"))),
                        decision(Purpose.ROLLING_UPDATE, new Step.MoveLeader(idOf(1)))),
                arguments("leader moved: the old leader rolls last",
                        desired(3, "hash-2"), listed(3, List.of(member(0), member(1).leader(), member(2)),
                                List.of(running(0), withHash(1, "hash-2"), withHash(2, "hash-2"))),
                        decision(Purpose.ROLLING_UPDATE, new Step.RollPod(0))),
                arguments("rolled member not caught up yet: wait before the next",
                        desired(3, "hash-2"), listed(3, List.of(member(0).leader(), member(1),
                                member(2).applied(LEADER_INDEX - 500)),
                                List.of(running(0), running(1), withHash(2, "hash-2"))),
                        decision(Purpose.ROLLING_UPDATE, new Step.Wait("rolling update waits: demo-2 (a2) not healthy"
                                + " and caught up"))),
                arguments("rolled pod not ready yet: wait",
                        desired(3, "hash-2"), listed(3, List.of(member(0).leader(), member(1), member(2)),
                                List.of(running(0), running(1), new Slot(2, true, false, VolumeState.CLUSTER_DATA,
                                        Optional.of("hash-2"), joining(0, 1, 2)))),
                        decision(Purpose.ROLLING_UPDATE,
                                new Step.Wait("rolling update waits: pod demo-2 not ready"))),
                arguments("a member unhealthy: never roll",
                        desired(3, "hash-2"), listed(3, List.of(member(0).leader(), member(1).unhealthyFor(SHORT),
                                member(2)), List.of(running(0), running(1), running(2))),
                        decision(Purpose.ROLLING_UPDATE, new Step.Wait("rolling update waits: demo-1 (a1) not healthy"
                                + " and caught up"))),
                arguments("single member: rolls in place",
                        desired(1, "hash-2"), healthy(1), decision(Purpose.ROLLING_UPDATE, new Step.RollPod(0))),
                arguments("StatefulSet shrunk by hand below the members: grow it back",
                        desired(3), listed(2, List.of(member(0).leader(), member(1), member(2)),
                                List.of(running(0), running(1), running(2))),
                        decision(Purpose.HEALING, new Step.ScaleStatefulSet(3))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"bootstrap", "scaleUp", "scaleDown", "replacement", "rolling"})
    void plansTheNextStep(String situation, DesiredCluster desired, ObservedCluster observed, Decision expected) {
        assertThat(plan(desired, observed)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"bootstrap", "scaleUp", "scaleDown", "replacement", "rolling"})
    void isIdempotent(String situation, DesiredCluster desired, ObservedCluster observed, Decision expected) {
        assertThat(plan(desired, observed)).isEqualTo(plan(desired, observed));
    }
}
