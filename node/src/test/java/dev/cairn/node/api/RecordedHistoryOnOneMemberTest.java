package dev.cairn.node.api;

import dev.cairn.node.linearizability.CheckResult;
import dev.cairn.node.linearizability.History;
import dev.cairn.node.linearizability.HistoryRecorder;
import dev.cairn.node.linearizability.LinearizabilityChecker;
import dev.cairn.node.linearizability.LoadPlan;
import dev.cairn.node.linearizability.Outcome;
import dev.cairn.node.linearizability.StaleCachingKvProxy;
import dev.cairn.node.linearizability.StaleReadPlanter;
import dev.cairn.node.linearizability.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The linearizability recorder and checker on a real cairn member in this JVM: concurrent clients' history is
 * linearizable, and the same history with one planted stale read is not; nor is a history taken through a proxy
 * that serves reads from a cache.
 */
class RecordedHistoryOnOneMemberTest {
    @TempDir
    Path dataDir;

    @Test
    void concurrentClientsHistoryIsLinearizableAndAPlantedStaleReadIsCaught() throws Exception {
        LoadPlan plan = new LoadPlan(6, List.of("lin/a", "lin/b", "lin/c"), Duration.ofSeconds(5), 500,
                Duration.ofSeconds(60), LoadPlan.EndpointChoice.ROUND_ROBIN, 0.2, 11);
        History history;
        try (InProcessMember member = InProcessMember.start(dataDir);
             HistoryRecorder recorder = HistoryRecorder.start(plan,
                     List.of("http://127.0.0.1:" + member.port(), "http://127.0.0.1:" + member.port()))) {
            history = recorder.awaitEnd();
            assertThat(recorder.droppedReads()).isZero();
        }
        assertThat(history.operations()).hasSize(500);
        assertThat(history.count(Outcome.OK)).isEqualTo(500);

        LinearizabilityChecker checker = new LinearizabilityChecker();
        CheckResult result = checker.check(history);
        assertThat(result.linearizable()).as(result.describe()).isTrue();
        assertThat(result.keys()).hasSize(3);

        CheckResult planted = checker.check(StaleReadPlanter.plant(history));
        assertThat(planted.verdict()).as(planted.describe()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(planted.describe()).contains("responded before any order of the pending ones could explain it");
    }

    @Test
    void readsServedFromAStaleCacheAreCaught() throws Exception {
        LoadPlan plan = new LoadPlan(4, List.of("lin/a", "lin/b"), Duration.ofSeconds(5), 400,
                Duration.ofSeconds(60), LoadPlan.EndpointChoice.ROUND_ROBIN, 0, 5);
        History history;
        try (InProcessMember member = InProcessMember.start(dataDir);
             StaleCachingKvProxy proxy = StaleCachingKvProxy.start(member.port());
             HistoryRecorder recorder = HistoryRecorder.start(plan,
                     List.of("http://127.0.0.1:" + member.port(), proxy.endpoint()))) {
            history = recorder.awaitEnd();
        }
        assertThat(history.count(Outcome.OK)).isEqualTo(400);

        CheckResult result = new LinearizabilityChecker().check(history);
        assertThat(result.verdict()).as(result.describe()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }
}
