package dev.cairn.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.operator.api.ClusterPhase;
import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.api.EtcdClusterStatus;
import dev.cairn.operator.api.MemberRole;
import dev.cairn.operator.api.MemberStatus;
import dev.cairn.operator.model.MemberStatefulSet;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler driving a whole cluster's life: the mock API server in CRUD mode, {@link StatefulSetSimulator}
 * playing the StatefulSet controller, kubelet and member processes, {@link FakeEtcdCluster} answering the etcd
 * API. Every assertion waits for the operator to get there on its own.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterLifecycleTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String NAMESPACE = "prod";
    private static final String NAME = "demo";

    KubernetesClient client;
    private final AdjustableClock clock = new AdjustableClock();
    private final FakeEtcdCluster etcd = new FakeEtcdCluster(42);
    private final AtomicInteger connections = new AtomicInteger();
    private Operator operator;
    private ClusterReads reads;
    private StatefulSetSimulator statefulSets;

    @BeforeEach
    void start() {
        reads = new ClusterReads(client, NAMESPACE, NAME);
        statefulSets = new StatefulSetSimulator(client, NAMESPACE, NAME, true, etcd);
        statefulSets.start();
        operator = OperatorUnderTest.start(client, clock, FakeEtcdAdmin.factory(etcd, connections));
    }

    @AfterEach
    void stop() {
        operator.stop();
        statefulSets.close();
        assertThat(statefulSets.failure()).as("simulator failure").isEmpty();
    }

    @Test
    void bootstrapsThreeMembersAndReportsThemAvailable() {
        client.resource(OperatorUnderTest.sample(client, "three-members-defaults")).create();

        awaitSteady(3);
        EtcdClusterStatus status = reads.status();
        assertThat(status.getMembers()).extracting(MemberStatus::getName).containsExactly("demo-0", "demo-1", "demo-2");
        assertThat(status.getMembers()).extracting(MemberStatus::getId).containsExactly(
                hex(etcd.idOf("demo-0")), hex(etcd.idOf("demo-1")), hex(etcd.idOf("demo-2")));
        assertThat(status.getMembers()).extracting(MemberStatus::getRole)
                .containsExactly(MemberRole.Leader, MemberRole.Follower, MemberRole.Follower);
        assertThat(status.getMembers()).allSatisfy(member -> {
            assertThat(member.getRevision()).isPositive();
            assertThat(member.getDbSizeBytes()).isPositive();
            assertThat(member.getLastTransitionTime()).isNotBlank();
        });
        assertThat(status.getLeader()).isEqualTo("demo-0");
        assertThat(status.getClusterId()).isNotBlank();
        assertThat(status.getCurrentVersion()).isEqualTo(FakeEtcdCluster.VERSION);
        assertThat(status.getReadyReplicas()).isEqualTo(3);
        assertThat(status.getPhase()).isEqualTo(ClusterPhase.Running);
        assertThat(reads.condition("Available").getStatus()).isEqualTo("True");
        assertThat(reads.condition("Degraded").getStatus()).isEqualTo("False");
        assertThat(status.getDataVolumeClaims()).hasSize(3);
        // The first formation's "new" is withdrawn once the cluster formed.
        assertThat(client.configMaps().inNamespace(NAMESPACE).withName("demo-bootstrap").get().getData())
                .containsEntry("initial-cluster-state", "existing");
        assertThat(etcd.changes()).isEmpty();
    }

    @Test
    void scalesUpOneLearnerAtATimeAndDownHighestOrdinalFirst() {
        client.resource(OperatorUnderTest.sample(client, "three-members-defaults")).create();
        awaitSteady(3);

        editSpec(cluster -> {
            cluster.getSpec().setReplicas(5);
            return cluster;
        });
        awaitSteady(5);
        assertThat(etcd.changes()).containsExactly(
                "add https://demo-3.demo-peer.prod.svc:2380", "promote demo-3",
                "add https://demo-4.demo-peer.prod.svc:2380", "promote demo-4");
        assertThat(reasons()).containsSubsequence("MemberAdded", "MemberPromoted", "MemberAdded", "MemberPromoted");
        assertThat(events("MemberAdded")).first().satisfies(event -> assertThat(event.getMessage())
                .isEqualTo("added demo-3 (" + hex(etcd.idOf("demo-3")) + ") as a learner"));

        editSpec(cluster -> {
            cluster.getSpec().setReplicas(3);
            return cluster;
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(client.persistentVolumeClaims().inNamespace(NAMESPACE).withName("data-demo-4").get()).isNull();
            assertThat(client.persistentVolumeClaims().inNamespace(NAMESPACE).withName("data-demo-3").get()).isNull();
        });
        awaitSteady(3);
        assertThat(etcd.changes()).endsWith("remove demo-4", "remove demo-3");
        assertThat(events("MemberRemoved")).hasSize(2);
        assertThat(reads.statefulSetReplicas()).isEqualTo(3);
        assertThat(reads.status().getDataVolumeClaims()).extracting(c -> c.getMember())
                .containsExactly("demo-0", "demo-1", "demo-2");
    }

    @Test
    void anOperatorRestartedMidScaleFinishesWithoutRepeatingAStep() {
        client.resource(OperatorUnderTest.sample(client, "three-members-defaults")).create();
        awaitSteady(3);

        editSpec(cluster -> {
            cluster.getSpec().setReplicas(5);
            return cluster;
        });
        await().atMost(TIMEOUT).until(() -> !etcd.changes().isEmpty());
        operator.stop();
        operator = OperatorUnderTest.start(client, clock, FakeEtcdAdmin.factory(etcd, connections));

        awaitSteady(5);
        assertThat(etcd.changes()).containsExactly(
                "add https://demo-3.demo-peer.prod.svc:2380", "promote demo-3",
                "add https://demo-4.demo-peer.prod.svc:2380", "promote demo-4");
    }

    @Test
    void anEvenSizeIsReportedOnceAsDegraded() {
        client.resource(OperatorUnderTest.sample(client, "three-members-defaults")).create();
        awaitSteady(3);

        editSpec(cluster -> {
            cluster.getSpec().setReplicas(4);
            return cluster;
        });
        awaitSteady(4);
        assertThat(reads.condition("Degraded").getReason()).isEqualTo("EvenMemberCount");
        assertThat(reads.status().getPhase()).isEqualTo(ClusterPhase.Running);
        awaitMoreReconciles(10);
        assertThat(events("EvenMemberCount")).hasSize(1);
    }

    @Test
    void replacesAMemberUnhealthyLongerThanThePolicy() {
        client.resource(OperatorUnderTest.sample(client, "three-members-defaults")).create();
        awaitSteady(3);
        long lost = etcd.idOf("demo-1");

        statefulSets.crash("demo-1");
        await().atMost(TIMEOUT).until(() -> Boolean.FALSE.equals(reads.member("demo-1").getHealthy()));
        assertThat(reads.condition("Degraded").getReason()).isEqualTo("MemberUnhealthy");
        awaitMoreReconciles(5);
        assertThat(etcd.changes()).as("not replaced before the policy's 300 s").isEmpty();

        clock.advance(Duration.ofSeconds(301));
        awaitSteady(3);
        assertThat(reads.member("demo-1").getId()).isNotEqualTo(hex(lost)).isEqualTo(hex(etcd.idOf("demo-1")));
        assertThat(etcd.changes()).containsExactly("remove demo-1", "add https://demo-1.demo-peer.prod.svc:2380",
                "promote demo-1");
        assertThat(events("MemberReplacing")).singleElement().satisfies(event -> assertThat(event.getMessage())
                .startsWith("replacing demo-1 (" + hex(lost) + ")"));
    }

    @Test
    void theReplacementClockSurvivesAnOperatorRestart() {
        client.resource(OperatorUnderTest.sample(client, "three-members-defaults")).create();
        awaitSteady(3);
        statefulSets.crash("demo-1");
        await().atMost(TIMEOUT).until(() -> Boolean.FALSE.equals(reads.member("demo-1").getHealthy()));
        String unhealthySince = reads.member("demo-1").getLastTransitionTime();

        operator.stop();
        clock.advance(Duration.ofSeconds(301));
        operator = OperatorUnderTest.start(client, clock, FakeEtcdAdmin.factory(etcd, connections));

        // Counted from the recorded time, the policy ran out during the restart: no second wait of 300 s.
        await().atMost(TIMEOUT).until(() -> etcd.changes().contains("remove demo-1"));
        assertThat(unhealthySince).isNotBlank();
        awaitSteady(3);
    }

    @Test
    void replacesAMemberWhoseVolumeWasRecreatedEmpty() {
        client.resource(OperatorUnderTest.sample(client, "three-members-defaults")).create();
        awaitSteady(3);
        long lost = etcd.idOf("demo-2");

        statefulSets.loseVolume("demo-2");
        await().atMost(TIMEOUT).until(() -> etcd.changes().contains("remove demo-2"));
        awaitSteady(3);
        assertThat(reads.member("demo-2").getId()).isNotEqualTo(hex(lost));
        assertThat(etcd.changes()).containsExactly("remove demo-2", "add https://demo-2.demo-peer.prod.svc:2380",
                "promote demo-2");
        assertThat(events("MemberReplacing")).hasSize(1);
    }

    @Test
    void withQuorumLostNothingIsRemovedAndQuorumLossIsReportedOnce() {
        loseQuorumForHalfAnHour();
        awaitMoreReconciles(10);

        assertThat(etcd.changes()).isEmpty();
        assertThat(reads.condition("Degraded").getStatus()).isEqualTo("True");
        assertThat(reads.condition("Available").getStatus()).isEqualTo("False");
        assertThat(reads.status().getPhase()).isEqualTo(ClusterPhase.Degraded);
        assertThat(events("QuorumLost")).hasSize(1);
        assertThat(client.pods().inNamespace(NAMESPACE).list().getItems()).hasSize(3);
    }

    @Test
    void aMemberStillDownWhenTheMajorityReturnsIsGivenTheWholeReplacementDelayFromThen() {
        loseQuorumForHalfAnHour();
        assertThat(reads.status().getQuorumSince()).isNull();
        awaitMoreReconciles(3);

        statefulSets.restart("demo-2");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(reads.condition("Degraded").getReason())
                .isEqualTo("MemberUnhealthy"));
        assertThat(reads.status().getQuorumSince()).isNotNull();
        awaitMoreReconciles(5);
        assertThat(etcd.changes()).as("demo-1 was down for 30 minutes, but not 300 s since the majority returned")
                .isEmpty();

        clock.advance(Duration.ofSeconds(301));
        await().atMost(TIMEOUT).until(() -> etcd.changes().contains("remove demo-1"));
        awaitSteady(3);
    }

    @Test
    void withEveryMemberDownTheLastKnownMembersStayListedAsUnhealthy() {
        client.resource(OperatorUnderTest.sample(client, "three-members-defaults")).create();
        awaitSteady(3);
        List<String> ids = reads.status().getMembers().stream().map(MemberStatus::getId).toList();

        statefulSets.crash("demo-0");
        statefulSets.crash("demo-1");
        statefulSets.crash("demo-2");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(reads.condition("Available").getMessage())
                .isEqualTo("no member answers"));
        awaitMoreReconciles(5);

        assertThat(reads.status().getMembers()).extracting(MemberStatus::getId).containsExactlyElementsOf(ids);
        assertThat(reads.status().getMembers()).allSatisfy(member -> assertThat(member.getHealthy()).isFalse());
        assertThat(reads.status().getLeader()).isNull();
        assertThat(reads.condition("Degraded").getReason()).isEqualTo("QuorumLost");
        assertThat(etcd.changes()).isEmpty();
        assertThat(reads.statefulSetReplicas()).isEqualTo(3);
    }

    @Test
    void rollsASpecChangeOneMemberAtATimeLeaderLast() {
        client.resource(OperatorUnderTest.sample(client, "three-members-defaults")).create();
        awaitSteady(3);
        int created = statefulSets.podsCreated().size();
        statefulSets.takeMostMembersDown();

        EtcdCluster changed = editSpec(cluster -> {
            cluster.getSpec().getOptions().setSnapshotCount(5000L);
            return cluster;
        });
        String hash = MemberStatefulSet.configHash(changed);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.pods().inNamespace(NAMESPACE).list()
                .getItems()).hasSize(3).allSatisfy(pod -> assertThat(pod.getMetadata().getAnnotations())
                .containsEntry(MemberStatefulSet.CONFIG_HASH_ANNOTATION, hash)));
        awaitSteady(3);

        assertThat(statefulSets.podsCreated().subList(created, statefulSets.podsCreated().size()))
                .containsExactly("demo-2", "demo-1", "demo-0");
        assertThat(statefulSets.takeMostMembersDown()).as("members down at once while rolling").isOne();
        // Leadership goes to the most advanced follower, which depends on when each answered.
        assertThat(etcd.changes()).singleElement().asString().matches("move-leader demo-0 -> demo-[12]");
        assertThat(etcd.changes().getFirst()).endsWith(reads.status().getLeader());
        assertThat(events("LeaderMoved")).hasSize(1);
    }

    @Test
    void aDeletedClusterIsLeftAloneAndItsObjectsBelongToIt() {
        EtcdCluster created = client.resource(OperatorUnderTest.sample(client, "three-members-defaults")).create();
        awaitSteady(3);
        List<HasMetadata> owned = List.of(
                client.apps().statefulSets().inNamespace(NAMESPACE).withName(NAME).get(),
                client.configMaps().inNamespace(NAMESPACE).withName("demo-bootstrap").get(),
                client.services().inNamespace(NAMESPACE).withName("demo-peer").get(),
                client.services().inNamespace(NAMESPACE).withName("demo-client").get(),
                client.policy().v1().podDisruptionBudget().inNamespace(NAMESPACE).withName(NAME).get(),
                client.secrets().inNamespace(NAMESPACE).withName("demo-server-tls").get());
        assertThat(owned).allSatisfy(object -> assertThat(object.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid())));
        // The trust root outlives the resource on purpose (see TlsSecrets.authority).
        assertThat(client.secrets().inNamespace(NAMESPACE).withName("demo-ca").get().getMetadata()
                .getOwnerReferences()).isEmpty();

        client.resource(created).delete();
        await().atMost(TIMEOUT).until(() -> reads.cluster() == null);
        int connectionsAfterDeletion = connections.get();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> connections.get() <= connectionsAfterDeletion + 1);
        assertThat(etcd.changes()).isEmpty();
    }

    /** A formed 3-member cluster loses demo-1 and demo-2, is reported QuorumLost, and 30 minutes pass. */
    private void loseQuorumForHalfAnHour() {
        client.resource(OperatorUnderTest.sample(client, "three-members-defaults")).create();
        awaitSteady(3);
        statefulSets.crash("demo-1");
        statefulSets.crash("demo-2");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(reads.condition("Degraded").getReason())
                .isEqualTo("QuorumLost"));
        clock.advance(Duration.ofMinutes(30));
    }

    /** Until {@code replicas} healthy voters are listed, the StatefulSet matches and nothing is in progress. */
    private void awaitSteady(int replicas) {
        await().atMost(TIMEOUT).untilAsserted(() -> {
            EtcdClusterStatus status = reads.status();
            assertThat(status).isNotNull();
            assertThat(status.getMembers()).hasSize(replicas).allSatisfy(member -> {
                assertThat(member.getHealthy()).isTrue();
                assertThat(member.getRole()).isNotEqualTo(MemberRole.Learner);
            });
            assertThat(reads.condition("Progressing").getReason()).isEqualTo("Reconciled");
            assertThat(reads.statefulSetReplicas()).isEqualTo(replicas);
        });
    }

    private void awaitMoreReconciles(int count) {
        int target = connections.get() + count;
        await().atMost(TIMEOUT).until(() -> connections.get() >= target);
    }

    private EtcdCluster editSpec(UnaryOperator<EtcdCluster> change) {
        return client.resources(EtcdCluster.class).inNamespace(NAMESPACE).withName(NAME).edit(cluster -> {
            EtcdCluster changed = change.apply(cluster);
            changed.getMetadata().setGeneration(cluster.getMetadata().getGeneration() + 1);
            return changed;
        });
    }

    /** Event reasons on the cluster, oldest first. */
    private List<String> reasons() {
        return clusterEvents().stream().map(Event::getReason).toList();
    }

    private List<Event> events(String reason) {
        return clusterEvents().stream().filter(e -> e.getReason().equals(reason)).toList();
    }

    private List<Event> clusterEvents() {
        return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> NAME.equals(e.getInvolvedObject().getName())
                        && "EtcdCluster".equals(e.getInvolvedObject().getKind()))
                .sorted(java.util.Comparator.comparing((Event e) -> e.getMetadata().getCreationTimestamp())
                        .thenComparing(e -> e.getMetadata().getResourceVersion() == null ? 0L
                                : Long.parseLong(e.getMetadata().getResourceVersion())))
                .toList();
    }

    private static String hex(long id) {
        return Long.toHexString(id);
    }
}
