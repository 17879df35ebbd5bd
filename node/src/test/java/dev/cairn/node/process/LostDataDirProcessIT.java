package dev.cairn.node.process;

import static dev.cairn.node.process.ClusterChecks.assertHoldsAll;
import static dev.cairn.node.process.ClusterChecks.assertReads;
import static dev.cairn.node.process.ClusterChecks.awaitEqualHashKv;
import static dev.cairn.node.process.ClusterChecks.put;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * A member that has run before comes back with an empty data dir and {@code --initial-cluster-state=existing}:
 * cairn refuses it with a message saying what to do, the cluster serves on, and after {@code member remove} and
 * {@code member add} the same start joins and catches up. Cairn only: etcd 3.4 does not check this (it panics later
 * with "tocommit(N) is out of range").
 */
class LostDataDirProcessIT extends ClusterProcessTest {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void aMemberWhoseDataIsLostIsRefusedUntilItIsRemovedAndAddedAgain() {
        ProcessCluster cluster = loopbackCluster(ClusterImpl.CAIRN, ClusterTiming.FAST);
        List<ClusterMember> members = cluster.formNew(3);
        String initialCluster = members.stream().map(member -> member.name() + "=" + member.endpoints().peerUrl())
                .collect(Collectors.joining(","));
        Map<String, String> written = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            put(cluster.ctl(), "before/" + i, "value-" + i);
            written.put("before/" + i, "value-" + i);
        }
        ClusterMember leader = cluster.awaitLeader();
        ClusterMember lost = members.stream().filter(member -> member != leader).findFirst().orElseThrow();
        String lostId = idOf(cluster, lost);
        lost.stop();
        lost.wipeData();

        cluster.startWithFlags(lost, initialCluster, "existing");
        int exitCode = lost.awaitExit(EXIT_TIMEOUT);
        assertThat(exitCode).as("exit code of the refused member").isNotZero();
        assertThat(lost.log()).contains("data dir is empty")
                .contains("member " + lost.name() + " (id " + lostId + ")")
                .contains("`etcdctl member remove " + lostId + "`")
                .contains("`etcdctl member add " + lost.name() + " --peer-urls=" + lost.endpoints().peerUrl() + "`");
        put(cluster.ctl(), "while-refused", "yes");
        cluster.running().forEach(member -> assertReads(member, "while-refused", "yes"));

        cluster.reconfigure("member", "remove", lostId);
        MemberAddOutput added = MemberAddOutput.parse(cluster.reconfigure("member", "add", lost.name(),
                "--peer-urls=" + lost.endpoints().peerUrl()).stdout());
        assertThat(added.environment()).containsEntry("ETCD_INITIAL_CLUSTER_STATE", "existing");
        cluster.startWithEnvironment(lost, added.environment());
        lost.awaitHealthy();
        awaitEqualHashKv(cluster.running());
        assertThat(cluster.running()).hasSize(3);
        assertHoldsAll(cluster.running(), "before/", written);
        assertReads(lost, "while-refused", "yes");
    }

    private static String idOf(ProcessCluster cluster, ClusterMember member) {
        return cluster.memberList().stream().filter(info -> info.name().equals(member.name()))
                .map(MemberInfo::id).findFirst()
                .orElseThrow(() -> new AssertionError(member + " not in member list"));
    }
}
