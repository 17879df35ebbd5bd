package dev.cairn.node.process;

import static dev.cairn.node.process.ClusterChecks.assertConvergedWithNoLostWrite;
import static dev.cairn.node.process.ClusterChecks.assertReads;
import static dev.cairn.node.process.ClusterChecks.put;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

/** Clusters of real processes forming, serving linearizable reads on every member, and riding out failures. */
class ClusterFormationProcessIT extends ClusterProcessTest {
    @OnEveryImpl
    void threeMembersFormAndEachServesAWriteMadeOnAnother(ClusterImpl impl) {
        ProcessCluster cluster = loopbackCluster(impl, ClusterTiming.DEFAULTS);
        List<ClusterMember> members = cluster.formNew(3);

        put(members.getFirst().ctl(), "greeting", "hello");
        members.forEach(member -> assertReads(member, "greeting", "hello"));

        List<MemberInfo> listed = cluster.memberList();
        assertThat(listed).hasSize(3).allMatch(MemberInfo::started).noneMatch(MemberInfo::learner);
        for (ClusterMember member : members) {
            assertThat(listed).as("member list entry of " + member).anySatisfy(info -> {
                assertThat(info.name()).isEqualTo(member.name());
                assertThat(info.peerUrls()).isEqualTo(member.endpoints().peerUrl());
                assertThat(info.clientUrls()).isEqualTo(member.endpoints().clientUrl());
            });
        }
        assertThat(listed.stream().map(MemberInfo::id).distinct()).hasSize(3);
    }

    @OnEveryImpl
    void moveLeaderHandsLeadershipToTheNamedMember(ClusterImpl impl) {
        ProcessCluster cluster = loopbackCluster(impl, ClusterTiming.FAST);
        List<ClusterMember> members = cluster.formNew(3);
        ClusterMember leader = cluster.awaitLeader();
        ClusterMember target = members.stream().filter(member -> member != leader).findFirst().orElseThrow();
        String targetId = ProcessCluster.status(target).orElseThrow().memberId();

        CommandOutput moved = cluster.ctl().run(List.of("move-leader", targetId), "");

        assertThat(moved.exitCode()).as(moved.render()).isZero();
        assertThat(moved.stdout()).contains("Leadership transferred from").contains("to " + targetId);
        assertThat(cluster.awaitLeader()).isEqualTo(target);
        put(cluster.ctl(), "after-move", "served");
        members.forEach(member -> assertReads(member, "after-move", "served"));
    }

    @OnEveryImpl
    void fiveMembersKeepCommittingThroughTwoKillsAndRecover(ClusterImpl impl) {
        ProcessCluster cluster = loopbackCluster(impl, ClusterTiming.FAST);
        List<ClusterMember> members = cluster.formNew(5);
        SteadyWriter writer = lifecycle.closeAfter(
                SteadyWriter.start("five/", cluster::ctl, 5_000, Duration.ofMinutes(2)));
        writer.awaitMoreAcknowledged(10, Duration.ofSeconds(30));

        ClusterMember leader = cluster.awaitLeader();
        ClusterMember follower = members.stream().filter(member -> member != leader).findFirst().orElseThrow();
        leader.kill();
        follower.kill();
        ClusterMember newLeader = cluster.awaitLeader();
        assertThat(newLeader).isNotIn(leader, follower);
        writer.awaitMoreAcknowledged(20, Duration.ofSeconds(30));

        leader.restart();
        follower.restart();
        leader.awaitHealthy();
        follower.awaitHealthy();
        writer.awaitMoreAcknowledged(10, Duration.ofSeconds(30));
        writer.stop();
        assertConvergedWithNoLostWrite(members, writer);
    }
}
