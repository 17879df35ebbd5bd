package dev.cairn.node.process;

import static dev.cairn.node.process.ClusterChecks.assertConvergedWithNoLostWrite;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

/** kill -9 of the leader under a steady write load: a new leader carries on and no acknowledged write is lost. */
class ClusterFailoverProcessIT extends ClusterProcessTest {
    @OnEveryImpl
    void killedLeaderIsReplacedAndEveryAcknowledgedWriteSurvives(ClusterImpl impl) {
        ProcessCluster cluster = loopbackCluster(impl, ClusterTiming.FAST);
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
