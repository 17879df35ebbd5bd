package dev.cairn.node.process;

import static dev.cairn.node.process.ClusterChecks.assertConvergedWithNoLostWrite;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** kill -9 of the leader under a steady write load: a new leader carries on and no acknowledged write is lost. */
class ClusterFailoverProcessIT {
    @RegisterExtension
    final ClusterLifecycle lifecycle = new ClusterLifecycle();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    @ParameterizedTest
    @EnumSource(ClusterImpl.class)
    void killedLeaderIsReplacedAndEveryAcknowledgedWriteSurvives(ClusterImpl impl) {
        impl.assumeSelected();
        ProcessCluster cluster = lifecycle.track(
                ProcessCluster.create(impl, new LoopbackNetwork(), workDir, ClusterTiming.FAST));
        List<ClusterMember> members = cluster.formNew(3);
        SteadyWriter writer = lifecycle.closeAfter(
                SteadyWriter.start("failover/", cluster::ctl, 5_000, Duration.ofMinutes(2)));
        writer.awaitMoreAcknowledged(20, Duration.ofSeconds(30));

        ClusterMember oldLeader = cluster.awaitLeader();
        oldLeader.kill();
        ClusterMember newLeader = cluster.awaitLeader();
        assertThat(newLeader).isNotSameAs(oldLeader);
        writer.awaitMoreAcknowledged(20, Duration.ofSeconds(30));

        oldLeader.restart();
        oldLeader.awaitHealthy();
        writer.awaitMoreAcknowledged(10, Duration.ofSeconds(30));
        writer.stop();
        assertConvergedWithNoLostWrite(members, writer);
    }
}
