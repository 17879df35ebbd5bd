package dev.cairn.node.process;

import static dev.cairn.node.process.ClusterChecks.assertReads;
import static dev.cairn.node.process.ClusterChecks.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Members that must not get back in: one removed from the cluster and restarted with its old data, and one started
 * on a data dir of another cluster. Neither disturbs the cluster.
 */
class MemberRejectionProcessIT extends ClusterProcessTest {
    /** What etcd 3.4 logs (and cairn must log) when a removed member comes back; it then exits with code 0. */
    static final String REMOVED_MESSAGE = "the member has been permanently removed from the cluster";
    /** etcd 3.4's peers and the foreign member both log this for every refused peer request. */
    static final String CLUSTER_ID_MISMATCH = "cluster ID mismatch";
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    @OnEveryImpl
    void removedMemberRestartedWithItsOldDataStopsAndTheClusterServesOn(ClusterImpl impl) {
        ProcessCluster cluster = loopbackCluster(impl, ClusterTiming.FAST);
        List<ClusterMember> members = cluster.formNew(3);
        put(cluster.ctl(), "before", "1");
        ClusterMember leader = cluster.awaitLeader();
        ClusterMember removed = members.stream().filter(member -> member != leader).findFirst().orElseThrow();
        String removedId = idOf(cluster, removed);
        removed.stop();
        cluster.reconfigure("member", "remove", removedId);

        removed.restart();
        int exitCode = removed.awaitExit(EXIT_TIMEOUT);
        assertThat(removed.log()).contains(REMOVED_MESSAGE);
        assertThat(exitCode).as("exit code of the removed member (etcd 3.4 exits with 0)").isZero();

        put(cluster.ctl(), "after", "2");
        cluster.running().forEach(member -> assertReads(member, "after", "2"));
        assertThat(cluster.memberList()).hasSize(2).extracting(MemberInfo::name).doesNotContain(removed.name());
    }

    @OnEveryImpl
    void memberOnADataDirOfAnotherClusterIsRefused(ClusterImpl impl) throws IOException {
        impl.assumeSelected();
        ProcessCluster other = lifecycle.track(
                ProcessCluster.create(impl, new LoopbackNetwork(), workDir.resolve("other"), ClusterTiming.FAST));
        ClusterMember stranger = other.formNew(1).getFirst();
        put(stranger.ctl(), "other-cluster-key", "x");
        stranger.stop();

        ProcessCluster cluster = lifecycle.track(
                ProcessCluster.create(impl, new LoopbackNetwork(), workDir.resolve("main"), ClusterTiming.FAST));
        List<ClusterMember> members = cluster.formNew(3);
        ClusterMember leader = cluster.awaitLeader();
        ClusterMember swapped = members.stream().filter(member -> member != leader).findFirst().orElseThrow();
        String swappedId = idOf(cluster, swapped);
        swapped.kill();
        swapped.wipeData();
        copyTree(stranger.dataDir(), swapped.dataDir());
        swapped.restart();

        List<ClusterMember> healthy = members.stream().filter(member -> member != swapped).toList();
        await("a peer refusing the foreign member (" + CLUSTER_ID_MISMATCH + ")")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> Stream.concat(healthy.stream(), Stream.of(swapped))
                        .anyMatch(member -> member.log().contains(CLUSTER_ID_MISMATCH)));
        put(healthy.getFirst().ctl(), "while-refused", "3");
        healthy.forEach(member -> assertReads(member, "while-refused", "3"));
        assertThat(cluster.awaitLeader(healthy)).isIn(healthy);
        if (swapped.isAlive()) {
            CommandOutput onSwapped = swapped.ctl().run(List.of("get", "while-refused", "--consistency=s"), "");
            assertThat(onSwapped.stdout()).as("the refused member got the cluster's data").isEmpty();
        }
        // asked through the foreign member, etcdctl would list the other cluster: ask a healthy one
        CommandOutput listed = healthy.getFirst().ctl().run(List.of("member", "list"), "");
        assertThat(listed.exitCode()).as(listed.render()).isZero();
        assertThat(MemberInfo.parseList(listed.stdout())).hasSize(3)
                .filteredOn(info -> info.id().equals(swappedId)).singleElement()
                .satisfies(info -> assertThat(info.name()).isEqualTo(swapped.name()));
    }

    private static String idOf(ProcessCluster cluster, ClusterMember member) {
        return cluster.memberList().stream().filter(info -> info.name().equals(member.name()))
                .map(MemberInfo::id).findFirst()
                .orElseThrow(() -> new AssertionError(member + " not in member list"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
