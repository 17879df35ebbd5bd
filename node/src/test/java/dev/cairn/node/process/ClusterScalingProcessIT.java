package dev.cairn.node.process;

import static dev.cairn.node.process.ClusterChecks.assertConvergedWithNoLostWrite;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

/** Scaling online from 3 to 5 members and back to 3 (removing the leader among others) under a steady writer. */
class ClusterScalingProcessIT extends ClusterProcessTest {
    private static final Duration REMOVED_EXIT_TIMEOUT = Duration.ofSeconds(30);

    @OnEveryImpl
    void scalesThreeToFiveToThreeWhileWritesContinue(ClusterImpl impl) {
        ProcessCluster cluster = loopbackCluster(impl, ClusterTiming.FAST);
        cluster.formNew(3);
        SteadyWriter writer = lifecycle.closeAfter(
                SteadyWriter.start("scale/", cluster::ctl, 10_000, Duration.ofMinutes(3)));
        writer.awaitMoreAcknowledged(10, Duration.ofSeconds(30));

        for (String name : List.of("n4", "n5")) {
            cluster.addAndStart(name, false);
            cluster.member(name).awaitHealthy();
            writer.awaitMoreAcknowledged(10, Duration.ofSeconds(30));
        }
        assertThat(cluster.memberList()).hasSize(5).allMatch(MemberInfo::started);

        ClusterMember leader = cluster.awaitLeader();
        ClusterMember follower = cluster.running().stream().filter(member -> member != leader)
                .findFirst().orElseThrow();
        for (ClusterMember leaving : List.of(leader, follower)) {
            String id = cluster.memberList().stream().filter(info -> info.name().equals(leaving.name()))
                    .map(MemberInfo::id).findFirst().orElseThrow();
            cluster.reconfigureVia(() -> cluster.running().stream().filter(member -> member != leaving).toList(),
                    "member", "remove", id);
            // a member that learns of its own removal stops by itself, as etcd 3.4 does: exit code 0
            assertThat(leaving.awaitExit(REMOVED_EXIT_TIMEOUT)).as("exit code of removed " + leaving).isZero();
            assertThat(leaving.log()).contains(MemberRejectionProcessIT.REMOVED_MESSAGE);
            writer.awaitMoreAcknowledged(10, Duration.ofSeconds(30));
        }
        List<MemberInfo> listed = cluster.memberList();
        assertThat(listed).hasSize(3).allMatch(MemberInfo::started);
        assertThat(listed).extracting(MemberInfo::name).doesNotContain(leader.name(), follower.name());
        writer.stop();
        assertConvergedWithNoLostWrite(cluster.running(), writer);
    }
}
