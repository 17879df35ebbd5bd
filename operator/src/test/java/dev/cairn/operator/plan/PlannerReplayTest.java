package dev.cairn.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the planner against {@link SimulatedWorld} with seeded randomness: spec changes (some arriving
 * while a change is still under way), lost and broken volumes (one during a rolling update or a scale-up), and an operator that crashes before a step,
 * half-way through one, or runs a step twice. After every event the world's safety rules are checked; after
 * each phase the cluster must reach the spec. A failure names its seed, which replays exactly.
 */
class PlannerReplayTest {

    private static final int ITERATIONS_PER_PHASE = 1_500;
    private final ClusterPlanner planner = new ClusterPlanner();

    static Stream<Long> seeds() {
        return LongStream.rangeClosed(1, 300).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void reachesTheSpecSafelyDespiteCrashesBetweenSteps(long seed) {
        Random random = new Random(seed);
        int replicas = 1 + random.nextInt(5);
        String hash = "hash-0";
        SimulatedWorld world = new SimulatedWorld(Fixture.NAMING, hash, random);
        List<String> story = new ArrayList<>();
        story.add("bootstrap " + replicas);
        try {
            world.specChanged(replicas, hash);
            runUntilSpecReached(world, random, replicas, hash, story);
            for (int phase = 0; phase < 4; phase++) {
                int event = random.nextInt(5);
                if (event == 0 || (event >= 2 && replicas < 3) || (event == 4 && replicas < 5)) {
                    int previous = replicas;
                    replicas = 1 + random.nextInt(7);
                    story.add("scale " + previous + " -> " + replicas);
                    world.specChanged(replicas, hash);
                    if (random.nextBoolean()) {
                        // A second change while the first is under way.
                        runIterations(world, random, replicas, hash, 1 + random.nextInt(12));
                        replicas = 1 + random.nextInt(7);
                        story.add("then scale to " + replicas + " mid-way");
                        world.specChanged(replicas, hash);
                    }
                } else if (event == 1) {
                    hash = "hash-" + (phase + 1);
                    story.add("config change to " + hash);
                    world.specChanged(replicas, hash);
                } else if (event == 2) {
                    int ordinal = random.nextInt(replicas);
                    story.add("wipe volume of " + ordinal);
                    world.wipeVolume(ordinal);
                } else if (event == 3) {
                    int ordinal = random.nextInt(replicas);
                    story.add("break disk of " + ordinal);
                    world.breakVolume(ordinal);
                } else {
                    // Five or more members tolerate a second failure: a disk breaks or is wiped during a
                    // rolling update or a scale-up (possibly the new member's).
                    String change;
                    if (random.nextBoolean() || replicas == 7) {
                        hash = "hash-" + (phase + 1);
                        change = "config change to " + hash;
                    } else {
                        replicas = replicas + 1 + random.nextInt(7 - replicas);
                        change = "scale up to " + replicas;
                    }
                    world.specChanged(replicas, hash);
                    runIterations(world, random, replicas, hash, 1 + random.nextInt(12));
                    int ordinal = random.nextInt(replicas);
                    if (random.nextBoolean()) {
                        story.add(change + ", disk of " + ordinal + " breaks mid-way");
                        world.breakVolume(ordinal);
                    } else {
                        story.add(change + ", volume of " + ordinal + " wiped mid-way");
                        world.wipeVolume(ordinal);
                    }
                }
                runUntilSpecReached(world, random, replicas, hash, story);
            }
        } catch (SimulatedWorld.Violation | AssertionError e) {
            throw new AssertionError("seed " + seed + " after " + story + ": " + e.getMessage(), e);
        }
    }

    private void runUntilSpecReached(SimulatedWorld world, Random random, int replicas, String hash,
                                     List<String> story) {
        for (int i = 0; i < ITERATIONS_PER_PHASE; i++) {
            Decision decision = runIterations(world, random, replicas, hash, 1);
            if (decision.step() instanceof Step.Done && world.differenceFrom(replicas, hash).isEmpty()) {
                return;
            }
        }
        fail("not at the spec after " + ITERATIONS_PER_PHASE + " iterations: "
                + world.differenceFrom(replicas, hash) + "; last decision "
                + planner.plan(Fixture.desired(replicas, hash), world.observe(), world.now()));
    }

    /** One operator round per iteration, each followed by zero to two ticks of the world. */
    private Decision runIterations(SimulatedWorld world, Random random, int replicas, String hash, int iterations) {
        DesiredCluster desired = Fixture.desired(replicas, hash);
        Decision decision = null;
        for (int i = 0; i < iterations; i++) {
            ObservedCluster observed = world.observe();
            decision = planner.plan(desired, observed, world.now());
            assertThat(planner.plan(desired, observed, world.now())).as("same inputs, same step").isEqualTo(decision);
            int crash = random.nextInt(10);
            if (crash == 1) {
                world.apply(decision.step(), true);
            } else if (crash == 2) {
                world.apply(decision.step(), false);
                world.apply(decision.step(), false);
            } else if (crash != 0) {
                world.apply(decision.step(), false);
            }
            world.checkInvariants();
            int ticks = random.nextInt(3);
            boolean idle = decision.step() instanceof Step.Wait || decision.step() instanceof Step.Done
                    || decision.step() instanceof Step.ReportDegraded;
            for (int t = 0; t < Math.max(ticks, idle ? 1 : 0); t++) {
                world.tick();
                world.checkInvariants();
            }
        }
        return decision;
    }
}
