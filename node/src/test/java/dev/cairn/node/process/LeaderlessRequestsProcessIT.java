package dev.cairn.node.process;

import static dev.cairn.node.process.ClusterChecks.assertReads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A put sent to a member that knows no leader waits for the next one, as etcd's raft node holds proposals while it
 * has no leader, instead of failing at once: etcdctl and the Go client do not retry a put that failed with
 * "no leader", so failing would turn every election into failed writes.
 */
class LeaderlessPutProcessIT {
    private static final Duration PUT_TIMEOUT = Duration.ofSeconds(20);

    @RegisterExtension
    final ClusterLifecycle lifecycle = new ClusterLifecycle();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    @ParameterizedTest
    @EnumSource(ClusterImpl.class)
    void aPutToAMemberWithoutALeaderSucceedsOnceALeaderIsElected(ClusterImpl impl) throws Exception {
        impl.assumeSelected();
        ProcessCluster cluster = lifecycle.track(
                ProcessCluster.create(impl, new LoopbackNetwork(), workDir, ClusterTiming.FAST));
        List<ClusterMember> members = cluster.formNew(3);
        ClusterMember leader = cluster.awaitLeader();
        List<ClusterMember> followers = members.stream().filter(member -> member != leader).toList();
        ClusterMember survivor = followers.get(0);
        ClusterMember hung = followers.get(1);

        leader.kill();
        hung.pause();
        await("the survivor to give up on the dead leader").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> ProcessCluster.status(survivor)
                        .map(status -> status.leaderId().equals(MemberStatus.NO_LEADER)).orElse(false));

        CompletableFuture<CommandOutput> put = CompletableFuture.supplyAsync(
                () -> survivor.ctl(PUT_TIMEOUT).run(List.of("put", "waited", "1"), ""));
        await("the put to wait while there is no leader").during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2)).until(() -> !put.isDone());

        hung.resume();
        CommandOutput output = put.get(PUT_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
        assertThat(output.exitCode()).as("the put once a leader is elected: " + output.render()).isZero();
        assertThat(output.stdout()).contains("OK");
        assertReads(survivor, "waited", "1");
    }
}
