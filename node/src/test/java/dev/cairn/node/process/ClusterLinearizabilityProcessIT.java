package dev.cairn.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.node.linearizability.CheckResult;
import dev.cairn.node.linearizability.History;
import dev.cairn.node.linearizability.HistoryRecorder;
import dev.cairn.node.linearizability.LinearizabilityChecker;
import dev.cairn.node.linearizability.LoadPlan;
import dev.cairn.node.linearizability.Outcome;
import dev.cairn.node.linearizability.StaleReadPlanter;
import dev.cairn.node.linearizability.Verdict;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Eight clients on a three-member cluster of cairn (and of real etcd 3.4, the reference), the leader killed with
 * SIGKILL after 400 operations, 600 more after that; the recorded history must be linearizable, and the same history
 * with one planted stale read must not be (the checker is not vacuous).
 */
class ClusterLinearizabilityProcessIT {
    private static final int MAX_OPERATIONS = 20_000;
    /** A safety bound: the run normally ends when enough operations were recorded after the kill. */
    private static final Duration MAX_RUN_TIME = Duration.ofSeconds(60);
    private static final int OPERATIONS_BEFORE_KILL = 400;
    private static final int OPERATIONS_AFTER_KILL = 600;

    @TempDir
    Path baseDir;

    @OnEveryImpl
    void historyAcrossALeaderKillIsLinearizable(ClusterImpl impl) throws Exception {
        impl.assumeSelected();
        LoadPlan plan = new LoadPlan(8, List.of("lin/a", "lin/b", "lin/c", "lin/d"), Duration.ofSeconds(2),
                MAX_OPERATIONS, MAX_RUN_TIME, LoadPlan.EndpointChoice.PINNED, 0.1, 2024);
        History history;
        long killedAt;
        try (EtcdProcessCluster cluster = EtcdProcessCluster.start(baseDir, 3, impl.launcher(),
                EtcdProcessCluster.QUICK_ELECTIONS)) {
            cluster.awaitHealthy();
            int leader = cluster.awaitLeader();
            try (HistoryRecorder recorder = HistoryRecorder.start(plan, cluster.endpoints())) {
                await("operations before the kill").atMost(MAX_RUN_TIME)
                        .until(() -> recorder.recorded() >= OPERATIONS_BEFORE_KILL);
                killedAt = System.nanoTime();
                cluster.kill(leader);
                int atKill = recorder.recorded();
                await("operations after the kill").atMost(MAX_RUN_TIME)
                        .until(() -> recorder.recorded() >= atKill + OPERATIONS_AFTER_KILL);
                history = recorder.stop();
            }
            cluster.awaitHealthy(); // the two survivors agree on a new leader
            assertThat(cluster.leader()).hasValueSatisfying(newLeader -> assertThat(newLeader).isNotEqualTo(leader));
        }

        long completedAfterKill = history.operations().stream()
                .filter(op -> op.outcome() == Outcome.OK && op.invokedAt() > killedAt).count();
        assertThat(completedAfterKill).as("operations served after the leader was killed").isGreaterThan(500);

        CheckResult result = new LinearizabilityChecker().check(history);
        assertThat(result.linearizable()).as(summary(history) + "\n" + result.describe()).isTrue();

        CheckResult planted = new LinearizabilityChecker().check(StaleReadPlanter.plant(history));
        assertThat(planted.verdict()).as(planted.describe()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    private static String summary(History history) {
        return history.operations().size() + " operations: " + history.count(Outcome.OK) + " ok, "
                + history.count(Outcome.FAILED) + " failed, " + history.count(Outcome.UNKNOWN) + " unknown";
    }
}
