package dev.cairn.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The full step sequences of the main flows, replayed against {@link SimulatedWorld} without crashes: the
 * order of steps is the contract (learner before promotion, leadership moved before removal, member removed
 * before its volume, leader rolled last).
 */
class StepSequenceTest {

    private static final int MAX_ROUNDS = 500;
    private final ClusterPlanner planner = new ClusterPlanner();

    @Test
    void bootstrapsThreeThenFinishesTheBootstrapConfigs() {
        SimulatedWorld world = world();
        assertThat(stepsUntilDone(world, 3, "h")).containsExactly(
                "Bootstrap(3)", "WriteJoinConfig(0)", "WriteJoinConfig(1)", "WriteJoinConfig(2)", "Done");
    }

    @Test
    void scalesUpThreeToFiveOneLearnerAtATime() {
        SimulatedWorld world = formed(3);
        assertThat(stepsUntilDone(world, 5, "h")).containsExactly(
                "AddLearner(3)", "WriteJoinConfig(3)", "ScaleStatefulSet(4)", "PromoteLearner(demo-3)",
                "AddLearner(4)", "WriteJoinConfig(4)", "ScaleStatefulSet(5)", "PromoteLearner(demo-4)", "Done");
    }

    @Test
    void scalesDownFiveToThreeHighestFirstMovingLeadershipOffTheRemovedMember() {
        SimulatedWorld world = formed(5);
        world.electLeaderAt(4);
        assertThat(stepsUntilDone(world, 3, "h")).containsExactly(
                "MoveLeader(demo-0)", "RemoveMember(demo-4)", "ScaleStatefulSet(4)", "DeletePvc(4)",
                "RemoveMember(demo-3)", "ScaleStatefulSet(3)", "DeletePvc(3)", "Done");
    }

    @Test
    void replacesAMemberWhoseDiskBrokeOnceThePolicyTimeHasPassed() {
        SimulatedWorld world = formed(3);
        world.breakVolume(1);
        world.tick();
        List<String> steps = stepsUntilDone(world, 3, "h");
        assertThat(steps).containsExactly(
                "RemoveMember(demo-1)", "DeletePvc(1)", "DeletePod(1)", "AddLearner(1)", "PromoteLearner(demo-1)",
                "Done");
    }

    @Test
    void replacesAMemberWhoseVolumeWasWipedWithoutWaitingForThePolicy() {
        SimulatedWorld world = formed(3);
        world.wipeVolume(2);
        world.tick();
        assertThat(stepsUntilDone(world, 3, "h")).containsExactly("RemoveMember(demo-2)", "AddLearner(2)", "PromoteLearner(demo-2)", "Done");
    }

    @Test
    void rollsFollowersFromTheHighestOrdinalThenTheLeaderAfterHandingOverLeadership() {
        SimulatedWorld world = formed(3);
        world.specChanged(3, "h2");
        List<String> steps = stepsUntilDone(world, 3, "h2");
        assertThat(steps).hasSize(5);
        assertThat(steps.subList(0, 2)).containsExactly("RollPod(2)", "RollPod(1)");
        assertThat(steps.get(2)).isIn("MoveLeader(demo-1)", "MoveLeader(demo-2)");
        assertThat(steps.subList(3, 5)).containsExactly("RollPod(0)", "Done");
    }

    /** A world with a formed, healthy cluster of {@code n} on hash "h", leader demo-0. */
    private SimulatedWorld formed(int n) {
        SimulatedWorld world = world();
        stepsUntilDone(world, n, "h");
        return world;
    }

    private static SimulatedWorld world() {
        SimulatedWorld world = new SimulatedWorld(Fixture.NAMING, "h", new Random(7));
        world.specChanged(1, "h");
        return world;
    }

    /** Runs rounds of plan, apply, tick until Done at the spec; answers the steps other than Wait. */
    private List<String> stepsUntilDone(SimulatedWorld world, int replicas, String hash) {
        world.specChanged(replicas, hash);
        DesiredCluster desired = Fixture.desired(replicas, hash);
        List<String> steps = new ArrayList<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Decision decision = planner.plan(desired, world.observe(), world.now());
            String rendered = world.render(decision.step());
            if (!rendered.equals("Wait")) {
                steps.add(rendered);
            }
            if (decision.step() instanceof Step.Done && world.differenceFrom(replicas, hash).isEmpty()) {
                return steps;
            }
            assertThat(world.apply(decision.step(), false)).as("the API accepted %s: %s", rendered, world.refusals())
                    .isTrue();
            world.tick();
            world.checkInvariants();
        }
        throw new AssertionError("not done after " + MAX_ROUNDS + " rounds: " + steps);
    }
}
