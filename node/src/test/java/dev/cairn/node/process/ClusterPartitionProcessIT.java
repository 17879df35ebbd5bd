package dev.cairn.node.process;

import static dev.cairn.node.process.ClusterChecks.assertReads;
import static dev.cairn.node.process.ClusterChecks.awaitEqualHashKv;
import static dev.cairn.node.process.ClusterChecks.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;

/**
 * The leader cut off from its peers (members in network namespaces, its link taken down): the minority cannot
 * commit, the majority elects a leader and commits; after healing the old leader rejoins and converges.
 * Skipped where network namespaces cannot be created (not root, no iproute2).
 */
class ClusterPartitionProcessIT extends ClusterProcessTest {
    private static final Duration MINORITY_PUT_TIMEOUT = Duration.ofSeconds(3);

    @OnEveryImpl
    void isolatedLeaderCannotCommitWhileTheMajorityCarriesOn(ClusterImpl impl) {
        impl.assumeSelected();
        assumeTrue(NamespaceNetwork.available(), "network namespaces unavailable (needs root and ip netns)");
        NamespaceNetwork network = NamespaceNetwork.create();
        ProcessCluster cluster = cluster(impl, network, ClusterTiming.FAST);
        List<ClusterMember> members = cluster.formNew(3);
        put(cluster.ctl(), "before", "1");

        ClusterMember oldLeader = cluster.awaitLeader();
        List<ClusterMember> majority = members.stream().filter(member -> member != oldLeader).toList();
        network.isolate(oldLeader.name());

        CommandOutput minorityPut = oldLeader.localCtl(MINORITY_PUT_TIMEOUT).run(List.of("put", "minority", "x"), "");
        assertThat(minorityPut.exitCode()).as("put on the isolated leader: " + minorityPut.render()).isNotZero();
        ClusterMember newLeader = cluster.awaitLeader(majority);
        assertThat(newLeader).isIn(majority);
        put(newLeader.ctl(), "majority", "2");
        majority.forEach(member -> assertReads(member, "majority", "2"));

        network.heal(oldLeader.name());
        oldLeader.awaitHealthy();
        assertThat(cluster.awaitLeader(members)).isIn(members);
        awaitEqualHashKv(members);
        assertReads(oldLeader, "majority", "2");
        for (ClusterMember member : members) {
            CommandOutput minority = member.ctl().run(List.of("get", "minority", "--consistency=s"), "");
            assertThat(minority.exitCode()).isZero();
            assertThat(minority.stdout()).as("uncommitted minority write visible on " + member).isEmpty();
        }
    }
}
