package dev.cairn.node.process;

import static dev.cairn.node.process.ClusterChecks.assertConvergedWithNoLostWrite;
import static dev.cairn.node.process.ClusterChecks.assertReads;
import static dev.cairn.node.process.ClusterChecks.put;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower that was down while the leader compacted its Raft log past what the follower holds gets the leader's
 * state store streamed and installed, then follows the log again. Cairn only: etcd 3.4 keeps 5000 entries behind a
 * compaction with no flag to lower it (3.5's --experimental-snapshot-catchup-entries, which cairn takes).
 */
class SnapshotCatchUpProcessIT {
    @RegisterExtension
    final ClusterLifecycle lifecycle = new ClusterLifecycle();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    @Test
    void aFollowerBehindTheCompactedLogIsBroughtBackByASnapshot() {
        ClusterImpl.CAIRN.assumeSelected();
        ClusterTiming flags = new ClusterTiming(List.of("--heartbeat-interval", "50", "--election-timeout", "500",
                "--snapshot-count", "20", "--experimental-snapshot-catchup-entries", "5"));
        ProcessCluster cluster = lifecycle.track(
                ProcessCluster.create(ClusterImpl.CAIRN, new LoopbackNetwork(), workDir, flags));
        List<ClusterMember> members = cluster.formNew(3);
        ClusterMember leader = cluster.awaitLeader();
        ClusterMember behind = members.stream().filter(member -> member != leader).findFirst().orElseThrow();
        behind.stop();

        SteadyWriter writer = lifecycle.closeAfter(
                SteadyWriter.start("catch-up/", cluster::ctl, 120, Duration.ofMinutes(2)));
        writer.awaitMoreAcknowledged(120, Duration.ofMinutes(2));
        writer.stop();

        behind.restart();
        behind.awaitHealthy();
        assertConvergedWithNoLostWrite(members, writer);
        put(behind.ctl(), "after-catch-up", "yes");
        members.forEach(member -> assertReads(member, "after-catch-up", "yes"));
        assertThat(logOf(behind)).as("the follower installed the leader's state store")
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
