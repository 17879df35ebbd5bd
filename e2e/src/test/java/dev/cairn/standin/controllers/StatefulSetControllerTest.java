package dev.cairn.standin.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatefulSetControllerTest {

    private static final String NS = "default";

    private final Cluster cluster = new Cluster();

    StatefulSetControllerTest() {
        cluster.start(new StatefulSetController(cluster.client, Cluster.RESYNC), StatefulSetController::start);
        cluster.start(new ClaimProtectionController(cluster.client, Cluster.RESYNC), ClaimProtectionController::start);
        cluster.start(new GarbageCollector(cluster.client, Cluster.RESYNC), GarbageCollector::start);
    }

    @AfterEach
    void close() throws Exception {
        cluster.close();
    }

    @Test
    void orderedReadyCreatesOnePodAtATimeWithStableIdentityAndClaims() {
        StatefulSet set = cluster.client.resource(set("db", 3, "OrderedReady", "OnDelete", "Retain", "Retain"))
                .create();

        Pod first = cluster.awaitPod(NS, "db-0");
        assertThat(first.getSpec().getHostname()).isEqualTo("db-0");
        assertThat(first.getSpec().getSubdomain()).isEqualTo("db-peer");
        assertThat(first.getMetadata().getLabels()).containsEntry("app", "db")
                .containsEntry(StatefulSetPods.POD_NAME_LABEL, "db-0");
        assertThat(first.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getUid()).isEqualTo(set.getMetadata().getUid());
            assertThat(owner.getController()).isTrue();
        });
        assertThat(first.getSpec().getVolumes()).singleElement().satisfies(volume -> {
            assertThat(volume.getName()).isEqualTo("data");
            assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("data-db-0");
        });
        PersistentVolumeClaim claim = claim("data-db-0");
        assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("1Gi"));
        assertThat(claim.getMetadata().getFinalizers()).contains("kubernetes.io/pvc-protection");
        assertThat(claim.getStatus().getPhase()).isEqualTo("Bound");
        // The next ordinal waits until this one runs and is ready.
        await().during(Cluster.RESYNC.multipliedBy(3)).atMost(Cluster.TIMEOUT)
                .until(() -> cluster.pod(NS, "db-1") == null);

        cluster.runReady(first);
        cluster.runReady(cluster.awaitPod(NS, "db-1"));
        cluster.runReady(cluster.awaitPod(NS, "db-2"));

        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            var status = get("db").getStatus();
            assertThat(status.getReplicas()).isEqualTo(3);
            assertThat(status.getReadyReplicas()).isEqualTo(3);
            assertThat(status.getCurrentReplicas()).isEqualTo(3);
            assertThat(status.getUpdatedReplicas()).isEqualTo(3);
            assertThat(status.getObservedGeneration()).isEqualTo(get("db").getMetadata().getGeneration());
        });
    }

    @Test
    void scaleDownRemovesTheHighestOrdinalsAndKeepsRetainedClaims() {
        cluster.client.resource(set("db", 3, "Parallel", "OnDelete", "Retain", "Retain")).create();
        List.of("db-0", "db-1", "db-2").forEach(name -> cluster.runReady(cluster.awaitPod(NS, name)));

        scale("db", 1);

        await().atMost(Cluster.TIMEOUT).until(() -> cluster.pod(NS, "db-1") == null && cluster.pod(NS, "db-2") == null);
        assertThat(cluster.pod(NS, "db-0")).isNotNull();
        assertThat(claim("data-db-1")).isNotNull();
        assertThat(claim("data-db-2")).isNotNull();
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(get("db").getStatus().getReplicas())
                .isEqualTo(1));

        scale("db", 2);
        String claimUid = claim("data-db-1").getMetadata().getUid();
        Pod back = cluster.awaitPod(NS, "db-1");
        assertThat(back.getSpec().getVolumes().getFirst().getPersistentVolumeClaim().getClaimName())
                .isEqualTo("data-db-1");
        assertThat(claim("data-db-1").getMetadata().getUid()).as("the retained claim is reused").isEqualTo(claimUid);
    }

    @Test
    void parallelScalesDownWithoutWaitingForPodsThatAreNotReady() {
        cluster.client.resource(set("db", 3, "Parallel", "OnDelete", "Retain", "Retain")).create();
        cluster.runReady(cluster.awaitPod(NS, "db-0"));
        cluster.awaitPod(NS, "db-2");

        scale("db", 1);

        await().atMost(Cluster.TIMEOUT).until(() -> cluster.pod(NS, "db-1") == null && cluster.pod(NS, "db-2") == null);
    }

    @Test
    void whenScaledDeleteRemovesTheClaimsOfScaledAwayOrdinals() {
        cluster.client.resource(set("db", 2, "Parallel", "OnDelete", "Retain", "Delete")).create();
        cluster.runReady(cluster.awaitPod(NS, "db-0"));
        cluster.runReady(cluster.awaitPod(NS, "db-1"));

        scale("db", 1);

        await().atMost(Cluster.TIMEOUT).until(() -> claim("data-db-1") == null);
        assertThat(claim("data-db-0")).isNotNull();
    }

    @Test
    void onDeleteKeepsRunningPodsAndRecreatesADeletedOneFromTheCurrentTemplate() {
        cluster.client.resource(set("db", 2, "Parallel", "OnDelete", "Retain", "Retain")).create();
        cluster.runReady(cluster.awaitPod(NS, "db-0"));
        cluster.runReady(cluster.awaitPod(NS, "db-1"));
        String oldRevision = StatefulSetPods.revision(cluster.pod(NS, "db-0"));

        patch("db", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"cairn:2\"}]}}}}");
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            var status = get("db").getStatus();
            assertThat(status.getUpdateRevision()).isNotEqualTo(oldRevision);
            assertThat(status.getUpdatedReplicas()).isZero();
            assertThat(status.getCurrentRevision()).isEqualTo(oldRevision);
        });
        await().during(Cluster.RESYNC.multipliedBy(3)).atMost(Cluster.TIMEOUT).until(() ->
                image(cluster.pod(NS, "db-0")).equals("cairn:1") && image(cluster.pod(NS, "db-1")).equals("cairn:1"));

        String uid = cluster.pod(NS, "db-1").getMetadata().getUid();
        cluster.client.pods().inNamespace(NS).withName("db-1").delete();

        Pod recreated = await().atMost(Cluster.TIMEOUT).until(() -> cluster.pod(NS, "db-1"),
                pod -> pod != null && !pod.getMetadata().getUid().equals(uid));
        assertThat(image(recreated)).isEqualTo("cairn:2");
        assertThat(image(cluster.pod(NS, "db-0"))).isEqualTo("cairn:1");
    }

    @Test
    void rollingUpdateReplacesPodsFromTheHighestOrdinalOneAtATime() {
        cluster.client.resource(set("db", 2, "OrderedReady", "RollingUpdate", "Retain", "Retain")).create();
        cluster.runReady(cluster.awaitPod(NS, "db-0"));
        cluster.runReady(cluster.awaitPod(NS, "db-1"));

        patch("db", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"cairn:2\"}]}}}}");

        Pod updated = await().atMost(Cluster.TIMEOUT).until(() -> cluster.pod(NS, "db-1"),
                pod -> pod != null && image(pod).equals("cairn:2"));
        // db-0 waits until the replaced db-1 is ready again.
        await().during(Cluster.RESYNC.multipliedBy(3)).atMost(Cluster.TIMEOUT)
                .until(() -> image(cluster.pod(NS, "db-0")).equals("cairn:1"));
        cluster.runReady(updated);
        Pod first = await().atMost(Cluster.TIMEOUT).until(() -> cluster.pod(NS, "db-0"),
                pod -> pod != null && image(pod).equals("cairn:2"));
        cluster.runReady(first);
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            var status = get("db").getStatus();
            assertThat(status.getUpdatedReplicas()).isEqualTo(2);
            assertThat(status.getCurrentRevision()).isEqualTo(status.getUpdateRevision());
            assertThat(status.getReadyReplicas()).isEqualTo(2);
        });
    }

    @Test
    void aClaimInUseIsOnlyMarkedDeletedAndIsRecreatedWithItsPod() {
        cluster.client.resource(set("db", 1, "Parallel", "OnDelete", "Retain", "Retain")).create();
        Pod pod = cluster.awaitPod(NS, "db-0");
        cluster.runReady(pod);
        String claimUid = await().atMost(Cluster.TIMEOUT).until(() -> claim("data-db-0"), c -> c != null)
                .getMetadata().getUid();

        cluster.client.persistentVolumeClaims().inNamespace(NS).withName("data-db-0").delete();

        await().during(Cluster.RESYNC.multipliedBy(3)).atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            PersistentVolumeClaim marked = claim("data-db-0");
            assertThat(marked).isNotNull();
            assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
            assertThat(marked.getMetadata().getUid()).isEqualTo(claimUid);
        });

        cluster.client.pods().inNamespace(NS).withName("db-0").delete();

        PersistentVolumeClaim fresh = await().atMost(Cluster.TIMEOUT).until(() -> claim("data-db-0"),
                c -> c != null && !c.getMetadata().getUid().equals(claimUid));
        assertThat(fresh.getMetadata().getDeletionTimestamp()).isNull();
        Pod recreated = await().atMost(Cluster.TIMEOUT).until(() -> cluster.pod(NS, "db-0"),
                p -> p != null && !p.getMetadata().getUid().equals(pod.getMetadata().getUid()));
        assertThat(recreated.getSpec().getVolumes().getFirst().getPersistentVolumeClaim().getClaimName())
                .isEqualTo("data-db-0");
    }

    @Test
    void deletingTheSetCascadesToPodsAndClaimsWhenWhenDeletedIsDelete() {
        cluster.client.resource(set("db", 2, "Parallel", "OnDelete", "Delete", "Retain")).create();
        cluster.runReady(cluster.awaitPod(NS, "db-0"));
        cluster.runReady(cluster.awaitPod(NS, "db-1"));
        cluster.client.resource(set("keep", 1, "Parallel", "OnDelete", "Retain", "Retain")).create();
        cluster.awaitPod(NS, "keep-0");

        cluster.client.apps().statefulSets().inNamespace(NS).withName("db").delete();

        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            assertThat(cluster.pod(NS, "db-0")).isNull();
            assertThat(cluster.pod(NS, "db-1")).isNull();
            assertThat(claim("data-db-0")).isNull();
            assertThat(claim("data-db-1")).isNull();
        });
        cluster.client.apps().statefulSets().inNamespace(NS).withName("keep").delete();
        await().atMost(Cluster.TIMEOUT).until(() -> cluster.pod(NS, "keep-0") == null);
        assertThat(claim("data-keep-0")).as("whenDeleted Retain keeps the claim").isNotNull();
    }

    private StatefulSet get(String name) {
        return cluster.client.apps().statefulSets().inNamespace(NS).withName(name).get();
    }

    private PersistentVolumeClaim claim(String name) {
        return cluster.client.persistentVolumeClaims().inNamespace(NS).withName(name).get();
    }

    private void scale(String name, int replicas) {
        patch(name, "{\"spec\":{\"replicas\":" + replicas + "}}");
    }

    /** A JSON merge patch, as kubectl patch --type merge sends it: no resourceVersion, so no conflict. */
    private void patch(String name, String mergePatch) {
        cluster.client.apps().statefulSets().inNamespace(NS).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
    }

    private static String image(Pod pod) {
        return pod.getSpec().getContainers().getFirst().getImage();
    }

    private static StatefulSet set(String name, int replicas, String podManagement, String update,
            String whenDeleted, String whenScaled) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName(name + "-peer")
                .withPodManagementPolicy(podManagement)
                .withNewUpdateStrategy().withType(update).endUpdateStrategy()
                .withNewPersistentVolumeClaimRetentionPolicy().withWhenDeleted(whenDeleted).withWhenScaled(whenScaled)
                .endPersistentVolumeClaimRetentionPolicy()
                .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withSpec(Cluster.containerSpec("cairn:1", "Always"))
                .endTemplate()
                .withVolumeClaimTemplates(new PersistentVolumeClaimBuilder()
                        .withNewMetadata().withName("data").endMetadata()
                        .withNewSpec().withAccessModes("ReadWriteOnce")
                        .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
                        .endSpec().build())
                .endSpec()
                .build();
    }
}
