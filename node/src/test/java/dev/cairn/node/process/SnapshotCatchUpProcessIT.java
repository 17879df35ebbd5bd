package dev.cairn.node.process;

import static dev.cairn.node.process.ClusterChecks.assertConvergedWithNoLostWrite;
import static dev.cairn.node.process.ClusterChecks.assertReads;
import static dev.cairn.node.process.ClusterChecks.put;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A member that joins after the leader compacted its Raft log (here: the replacement runbook) gets the leader's
 * state store streamed and installed, then follows the log. Cairn only: etcd 3.4 keeps 5000 entries behind a
 * compaction with no flag to lower it (3.5's --experimental-snapshot-catchup-entries, which cairn takes).
 */
class SnapshotCatchUpProcessIT extends ClusterProcessTest {
    @Test
    void aMemberAddedAfterTheLogWasCompactedStartsFromTheLeadersStateStore() {
        ClusterTiming flags = new ClusterTiming(List.of("--heartbeat-interval", "50", "--election-timeout", "500",
                "--snapshot-count", "20", "--experimental-snapshot-catchup-entries", "5"));
        ProcessCluster cluster = loopbackCluster(ClusterImpl.CAIRN, flags);
        cluster.formNew(3);
        SteadyWriter writer = lifecycle.closeAfter(
                SteadyWriter.start("catch-up/", cluster::ctl, 60, Duration.ofMinutes(2)));
        writer.awaitMoreAcknowledged(60, Duration.ofMinutes(2));
        writer.stop();

        ClusterMember leader = cluster.awaitLeader();
        ClusterMember retired = cluster.running().stream().filter(member -> member != leader).findFirst()
                .orElseThrow();
        String retiredId = ProcessCluster.status(retired).orElseThrow().memberId();
        retired.stop();
        cluster.reconfigure("member", "remove", retiredId);
        cluster.addAndStart("n4", false);
        ClusterMember added = cluster.member("n4");
        added.awaitHealthy();

        assertConvergedWithNoLostWrite(cluster.running(), writer);
        put(added.ctl(), "after-catch-up", "yes");
        cluster.running().forEach(member -> assertReads(member, "after-catch-up", "yes"));
        assertThat(logOf(added)).as("the new member installed the leader's state store")
                .contains("installed the snapshot at index");
    }

    private static String logOf(ClusterMember member) {
        try {
            return Files.readString(member.logFile());
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot read the log of " + member, e);
        }
    }
}
