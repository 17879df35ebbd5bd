package dev.cairn.node.process;

import static dev.cairn.node.process.ClusterChecks.assertHoldsAll;
import static dev.cairn.node.process.ClusterChecks.assertReads;
import static dev.cairn.node.process.ClusterChecks.awaitEqualHashKv;
import static dev.cairn.node.process.ClusterChecks.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The member replacement runbook with etcdctl, verbatim: a dead member is removed and a new one added, started
 * with the settings {@code member add} prints; then the learner path (add --learner, start, promote).
 */
class MemberReplacementProcessIT extends ClusterProcessTest {
    private static final Duration PROMOTE_TIMEOUT = Duration.ofSeconds(60);
    /** etcd 3.4's refusal (FailedPrecondition) to promote a learner that has not caught up yet. */
    static final String LEARNER_NOT_IN_SYNC =
            "etcdserver: can only promote a learner member which is in sync with leader";

    @OnEveryImpl
    void deadMemberIsReplacedAndThenALearnerIsAddedAndPromoted(ClusterImpl impl) {
        ProcessCluster cluster = loopbackCluster(impl, ClusterTiming.FAST);
        List<ClusterMember> members = cluster.formNew(3);
        Map<String, String> written = writeKeys(cluster.ctl(), "before/", 20);

        ClusterMember leader = cluster.awaitLeader();
        ClusterMember dead = members.stream().filter(member -> member != leader).findFirst().orElseThrow();
        dead.kill();
        dead.wipeData();
        MemberInfo deadEntry = cluster.memberList().stream()
                .filter(info -> info.name().equals(dead.name())).findFirst()
                .orElseThrow(() -> new AssertionError("member list lost the dead member " + dead));

        CommandOutput removed = cluster.reconfigure("member", "remove", deadEntry.id());
        // etcdctl pads the ids to 16 columns
        assertThat(removed.stdout()).matches("Member +" + deadEntry.id() + " removed from cluster +[0-9a-f]+\\n");
        assertThat(cluster.memberList()).extracting(MemberInfo::name).doesNotContain(dead.name());

        MemberAddOutput added = cluster.addAndStart("n4", false);
        ClusterMember replacement = cluster.member("n4");
        assertThat(added.environment()).containsOnlyKeys("ETCD_NAME", "ETCD_INITIAL_CLUSTER",
                "ETCD_INITIAL_ADVERTISE_PEER_URLS", "ETCD_INITIAL_CLUSTER_STATE");
        assertThat(added.environment()).containsEntry("ETCD_NAME", "n4")
                .containsEntry("ETCD_INITIAL_ADVERTISE_PEER_URLS", replacement.endpoints().peerUrl())
                .containsEntry("ETCD_INITIAL_CLUSTER_STATE", "existing");
        assertThat(Set.of(added.environment().get("ETCD_INITIAL_CLUSTER").split(",")))
                .isEqualTo(initialClusterOf(cluster.running()));
        replacement.awaitHealthy();
        awaitEqualHashKv(cluster.running());
        assertHoldsAll(cluster.running(), "before/", written);
        put(replacement.ctl(), "after-replacement", "yes");
        cluster.running().forEach(member -> assertReads(member, "after-replacement", "yes"));

        MemberAddOutput learnerAdded = cluster.addAndStart("n5", true);
        ClusterMember learner = cluster.member("n5");
        assertThat(cluster.memberList()).filteredOn(info -> info.id().equals(learnerAdded.memberId()))
                .singleElement().matches(MemberInfo::learner, "listed as a learner");
        if (impl == ClusterImpl.CAIRN) {
            // Not ready while a learner (etcd added this non_learner check after 3.4, which has no /readyz at all).
            Curl.Result readyz = await("an HTTP answer from " + learner).atMost(PROMOTE_TIMEOUT)
                    .until(() -> new Curl(workDir).get(learner.endpoints().clientUrl() + "/readyz", List.of()),
                            answer -> answer.status() != 0);
            assertThat(readyz.status()).as(readyz.body()).isEqualTo(503);
            assertThat(readyz.body()).startsWith("learner:");
        }
        // etcd refuses to promote a learner until it has caught up with the leader: retry that refusal only.
        // The learner itself serves no MemberPromote, so it is not an endpoint here.
        List<ClusterMember> voters = cluster.running().stream().filter(member -> member != learner).toList();
        await("promotion of " + learner).atMost(PROMOTE_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    CommandOutput promoted = cluster.ctl(voters).run(
                            List.of("member", "promote", learnerAdded.memberId()), "");
                    if (promoted.exitCode() == 0) {
                        assertThat(promoted.stdout()).matches(
                                "Member +" + learnerAdded.memberId() + " promoted in cluster +[0-9a-f]+\\n");
                        return true;
                    }
                    assertThat(promoted.stderr()).as("promote refused for another reason")
                            .contains(LEARNER_NOT_IN_SYNC);
                    return false;
                });
        learner.awaitHealthy();
        if (impl == ClusterImpl.CAIRN) {
            await("readiness of the promoted " + learner).atMost(PROMOTE_TIMEOUT)
                    .until(() -> new Curl(workDir).get(learner.endpoints().clientUrl() + "/readyz", List.of()).status(),
                            status -> status == 200);
        }
        List<MemberInfo> listed = cluster.memberList();
        assertThat(listed).hasSize(4).allMatch(MemberInfo::started).noneMatch(MemberInfo::learner);
        awaitEqualHashKv(cluster.running());
        assertReads(learner, "after-replacement", "yes");
    }

    private static Map<String, String> writeKeys(Etcdctl ctl, String prefix, int count) {
        Map<String, String> written = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            put(ctl, prefix + i, "value-" + i);
            written.put(prefix + i, "value-" + i);
        }
        return written;
    }

    private static Set<String> initialClusterOf(List<ClusterMember> members) {
        return Set.copyOf(members.stream().map(member -> member.name() + "=" + member.endpoints().peerUrl()).toList());
    }
}
