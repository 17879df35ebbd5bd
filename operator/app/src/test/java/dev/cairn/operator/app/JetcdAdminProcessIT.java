package dev.cairn.operator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cairn.operator.members.AdminEndpoints;
import dev.cairn.operator.members.EtcdAdmin;
import dev.cairn.operator.members.EtcdAdminException;
import dev.cairn.operator.members.MemberInfo;
import dev.cairn.operator.members.MemberStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The operator's jetcd admin client against a real 3-member cluster with client and peer mutual TLS, every
 * certificate issued by the operator's pki: each {@link EtcdAdmin} call the reconciler relies on, on cairn as on
 * etcd 3.4.
 */
class JetcdAdminProcessIT {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(30);
    /** etcd's refusal (FailedPrecondition) to promote a learner that has not caught up with the leader. */
    private static final String LEARNER_NOT_IN_SYNC =
            "etcdserver: can only promote a learner member which is in sync with leader";
    /** etcd refuses a membership change until the leader has been connected to its peers for 5 s. */
    private static final String UNHEALTHY_CLUSTER = "etcdserver: unhealthy cluster";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    private TlsCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest
    @EnumSource(MemberServer.class)
    void everyAdminCallWorksOverOperatorIssuedMutualTls(MemberServer server) throws Exception {
        server.assumeSelected();
        cluster = TlsCluster.start(server, workDir, 3);
        List<MemberProcess> voters = cluster.members();
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        try (EtcdAdmin admin = JetcdAdmin.connect(cluster.endpoints(voters))) {
            awaitAnswering(admin, voters);
            assertRefusesAnotherClustersOperator(voters);
            exercise(server, admin, voters);
        } catch (AssertionError | RuntimeException | EtcdAdminException e) {
            throw new AssertionError(e.getMessage() + "\n" + cluster.logs(), e);
        }
        await("the admin client's threads gone after close").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(threadsStartedSince(threadsBefore)).isEmpty());
    }

    /**
     * Live threads that did not exist before, leaving out the JDK's process reaper (the member processes) and
     * Awaitility's own poller.
     */
    private static List<String> threadsStartedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.isAlive())
                .map(Thread::getName)
                .filter(name -> !name.startsWith("process reaper") && !name.startsWith("awaitility"))
                .sorted().toList();
    }

    private void exercise(MemberServer server, EtcdAdmin admin, List<MemberProcess> voters) throws Exception {
        List<MemberInfo> listed = admin.memberList();
        assertThat(listed).extracting(MemberInfo::name).containsExactlyInAnyOrder("n1", "n2", "n3");
        assertThat(listed).noneMatch(MemberInfo::learner);
        for (MemberProcess member : voters) {
            assertThat(byName(listed, member.name()).peerUrls()).containsExactly(member.peerUrl());
            assertThat(byName(listed, member.name()).clientUrls()).containsExactly(member.clientUrl());
        }

        Map<MemberProcess, MemberStatus> statuses = awaitOneLeader(admin, voters);
        for (Map.Entry<MemberProcess, MemberStatus> entry : statuses.entrySet()) {
            MemberStatus status = entry.getValue();
            assertThat(status.memberId()).as("id of %s", entry.getKey())
                    .isEqualTo(byName(listed, entry.getKey().name()).id());
            assertThat(status.raftTerm()).isPositive();
            assertThat(status.raftIndex()).isPositive();
            assertThat(status.raftAppliedIndex()).isPositive();
            assertThat(status.dbSize()).isPositive();
            assertThat(status.learner()).isFalse();
            assertThat(status.errors()).isEmpty();
            assertThat(status.version()).matches(server == MemberServer.ETCD ? "3\\.4\\.\\d+" : "3\\.\\d+\\.\\d+.*");
        }
        assertThat(statuses.values()).extracting(MemberStatus::clusterId).containsOnly(
                statuses.values().iterator().next().clusterId());
        assertThat(statuses.values()).filteredOn(MemberStatus::isLeader).hasSize(1);

        MemberProcess joiner = cluster.place("n4");
        MemberInfo learner = retryWhileUnhealthy(() -> admin.addLearner(List.of(joiner.peerUrl())));
        assertThat(learner.name()).isEmpty();
        assertThat(learner.learner()).isTrue();
        assertThat(learner.peerUrls()).containsExactly(joiner.peerUrl());
        // A member answers the member list from what it has applied, so a follower may lag the change a moment.
        await("the learner listed").atMost(CHANGE_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(admin.memberList()).filteredOn(info -> info.id() == learner.id())
                        .singleElement()
                        .satisfies(info -> assertThat(info.name()).isEmpty())
                        .satisfies(info -> assertThat(info.learner()).isTrue()));

        assertThatThrownBy(() -> admin.promote(learner.id()))
                .as("promote of a learner that never started")
                .isInstanceOf(EtcdAdminException.class)
                .hasMessageContaining(LEARNER_NOT_IN_SYNC);

        cluster.join(joiner);
        await("promotion of " + joiner).atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> succeedsUnless(() -> admin.promote(learner.id()), LEARNER_NOT_IN_SYNC));
        await("n4 started and listed as a voter").atMost(CHANGE_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(admin.memberList()).filteredOn(info -> info.id() == learner.id())
                        .singleElement().satisfies(info -> assertThat(info.name()).isEqualTo("n4"))
                        .satisfies(info -> assertThat(info.learner()).isFalse()));

        List<MemberProcess> running = cluster.members();
        MemberProcess leader = leaderOf(awaitOneLeader(admin, running));
        MemberProcess transferee = voters.stream().filter(member -> member != leader).findFirst().orElseThrow();
        long transfereeId = byName(admin.memberList(), transferee.name()).id();
        admin.moveLeader(leader.clientUrl(), transfereeId);
        await("leadership moved to " + transferee).atMost(CHANGE_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> leaderOf(awaitOneLeader(admin, running)) == transferee);

        retryWhileUnhealthy(() -> {
            admin.remove(learner.id());
            return null;
        });
        await("the removed member unlisted").atMost(CHANGE_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(admin.memberList()).extracting(MemberInfo::id)
                        .doesNotContain(learner.id()).hasSize(3));
        joiner.kill();

        MemberProcess killed = voters.stream().filter(member -> member != transferee).findFirst().orElseThrow();
        killed.kill();
        long before = System.nanoTime();
        assertThatThrownBy(() -> admin.status(killed.clientUrl())).isInstanceOf(EtcdAdminException.class)
                .hasMessageContaining(killed.clientUrl());
        Duration took = Duration.ofNanos(System.nanoTime() - before);
        assertThat(took).as("status of a killed member").isLessThanOrEqualTo(JetcdAdmin.CALL_TIMEOUT);
        assertThat(admin.status(transferee.clientUrl()).isLeader()).isTrue();

        // A hung member accepts the connection but never answers: the call's deadline ends it.
        MemberProcess frozen = voters.stream().filter(member -> member != transferee && member != killed)
                .findFirst().orElseThrow();
        frozen.freeze();
        long hangStart = System.nanoTime();
        assertThatThrownBy(() -> admin.status(frozen.clientUrl())).isInstanceOf(EtcdAdminException.class)
                .hasMessageContaining(frozen.clientUrl());
        assertThat(Duration.ofNanos(System.nanoTime() - hangStart)).as("status of a hung member")
                .isBetween(JetcdAdmin.CALL_TIMEOUT.minusMillis(100), JetcdAdmin.CALL_TIMEOUT.plusSeconds(1));
    }

    /** Mutual TLS is in force: an operator whose certificate comes from another cluster's CA gets nothing. */
    private void assertRefusesAnotherClustersOperator(List<MemberProcess> members) throws Exception {
        ClusterPki otherPki = ClusterPki.issue(Files.createDirectories(workDir.resolve("other-pki")));
        AdminEndpoints foreign = new AdminEndpoints(members.stream().map(MemberProcess::clientUrl).toList(),
                Optional.of(otherPki.operatorTls()));
        try (EtcdAdmin stranger = JetcdAdmin.connect(foreign)) {
            assertThatThrownBy(stranger::memberList).isInstanceOf(EtcdAdminException.class);
            assertThatThrownBy(() -> stranger.status(members.getFirst().clientUrl()))
                    .isInstanceOf(EtcdAdminException.class);
        }
    }

    /**
     * Polls until every member answers status and the member list names them all (a member publishes its name
     * through the log once there is a leader, which may come after it serves clients).
     */
    private static void awaitAnswering(EtcdAdmin admin, List<MemberProcess> members) {
        await("every member answering status over TLS and listed by name").atMost(STARTUP_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(EtcdAdminException.class)
                .until(() -> {
                    for (MemberProcess member : members) {
                        admin.status(member.clientUrl());
                    }
                    return admin.memberList().stream().noneMatch(info -> info.name().isEmpty());
                });
    }

    /** Every member's status once they all agree on a leader that is one of them. */
    private static Map<MemberProcess, MemberStatus> awaitOneLeader(EtcdAdmin admin, List<MemberProcess> members) {
        AtomicReference<Map<MemberProcess, MemberStatus>> agreed = new AtomicReference<>();
        await("one leader among " + members).atMost(CHANGE_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(EtcdAdminException.class)
                .until(() -> {
                    Map<MemberProcess, MemberStatus> statuses = new LinkedHashMap<>();
                    for (MemberProcess member : members) {
                        statuses.put(member, admin.status(member.clientUrl()));
                    }
                    Set<Long> leaders = statuses.values().stream().map(MemberStatus::leaderId)
                            .collect(Collectors.toSet());
                    boolean one = leaders.size() == 1 && !leaders.contains(0L)
                            && statuses.values().stream().filter(MemberStatus::isLeader).count() == 1;
                    agreed.set(one ? statuses : null);
                    return one;
                });
        return agreed.get();
    }

    private static MemberProcess leaderOf(Map<MemberProcess, MemberStatus> statuses) {
        return statuses.entrySet().stream().filter(entry -> entry.getValue().isLeader()).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }

    private static MemberInfo byName(List<MemberInfo> members, String name) {
        return members.stream().filter(info -> info.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no member " + name + " in " + members));
    }

    private interface AdminCall<T> {
        T call() throws EtcdAdminException;
    }

    private interface AdminAction {
        void run() throws EtcdAdminException;
    }

    /** True once the call succeeds; false on a refusal with {@code retriable}; any other failure fails the test. */
    private static boolean succeedsUnless(AdminAction action, String retriable) {
        try {
            action.run();
            return true;
        } catch (EtcdAdminException e) {
            if (e.getMessage().contains(retriable)) {
                return false;
            }
            throw new AssertionError("refused for another reason than '" + retriable + "'", e);
        }
    }

    /** A membership change, retried while etcd's leader has not yet been connected to its peers long enough. */
    private static <T> T retryWhileUnhealthy(AdminCall<T> change) {
        AtomicReference<T> result = new AtomicReference<>();
        await("membership change accepted").atMost(CHANGE_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> succeedsUnless(() -> result.set(change.call()), UNHEALTHY_CLUSTER));
        return result.get();
    }
}
