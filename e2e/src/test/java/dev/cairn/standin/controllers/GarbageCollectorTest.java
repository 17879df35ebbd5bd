package dev.cairn.standin.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.standin.api.Manifests;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GarbageCollectorTest {

    private static final String NS = "prod";

    private final Cluster cluster = new Cluster();

    GarbageCollectorTest() {
        Manifests.apply(cluster.client, Path.of("../crds/etcdclusters.cairn.dev-v1.yml"));
        cluster.start(new StatefulSetController(cluster.client, Cluster.RESYNC), StatefulSetController::start);
        cluster.start(new GarbageCollector(cluster.client, Cluster.RESYNC), GarbageCollector::start);
    }

    @AfterEach
    void close() throws Exception {
        cluster.close();
    }

    @Test
    void deletingACustomResourceCascadesThroughEveryOwnedKind() {
        GenericKubernetesResource etcd = cluster.client.resource(new GenericKubernetesResourceBuilder()
                .withApiVersion("cairn.dev/v1alpha1").withKind("EtcdCluster")
                .withNewMetadata().withName("demo").withNamespace(NS).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("replicas", 1)))
                .build()).create();
        var owner = Owners.controllerReference(etcd);
        cluster.client.resource(new ConfigMapBuilder().withNewMetadata().withName("demo-bootstrap").withNamespace(NS)
                .withOwnerReferences(owner).endMetadata().build()).create();
        cluster.client.resource(new SecretBuilder().withNewMetadata().withName("demo-server-tls").withNamespace(NS)
                .withOwnerReferences(owner).endMetadata().build()).create();
        cluster.client.resource(new PodDisruptionBudgetBuilder().withNewMetadata().withName("demo").withNamespace(NS)
                .withOwnerReferences(owner).endMetadata().build()).create();
        cluster.client.resource(new StatefulSetBuilder().withNewMetadata().withName("demo").withNamespace(NS)
                .withOwnerReferences(owner).endMetadata()
                .withNewSpec().withReplicas(1).withServiceName("demo-peer")
                .withNewTemplate().withSpec(Cluster.containerSpec("cairn:1", "Always")).endTemplate()
                .endSpec().build()).create();
        // The CA outlives the cluster: it has no owner.
        cluster.client.resource(new SecretBuilder().withNewMetadata().withName("demo-ca").withNamespace(NS)
                .endMetadata().build()).create();
        cluster.awaitPod(NS, "demo-0");
        await().during(Cluster.RESYNC.multipliedBy(3)).atMost(Cluster.TIMEOUT)
                .until(() -> configMap("demo-bootstrap") != null && cluster.pod(NS, "demo-0") != null);

        cluster.client.resource(etcd).delete();

        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            assertThat(configMap("demo-bootstrap")).isNull();
            assertThat(cluster.client.secrets().inNamespace(NS).withName("demo-server-tls").get()).isNull();
            assertThat(cluster.client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("demo").get())
                    .isNull();
            assertThat(cluster.client.apps().statefulSets().inNamespace(NS).withName("demo").get()).isNull();
            assertThat(cluster.pod(NS, "demo-0")).as("the pod follows its StatefulSet").isNull();
        });
        assertThat(cluster.client.secrets().inNamespace(NS).withName("demo-ca").get()).isNotNull();
    }

    @Test
    void aDependentStaysWhileAnyOfItsOwnersLives() {
        HasMetadata first = cluster.client.resource(newConfigMap("first")).create();
        HasMetadata second = cluster.client.resource(newConfigMap("second")).create();
        ConfigMap shared = newConfigMap("shared");
        shared.getMetadata().setOwnerReferences(List.of(Owners.reference(first, false),
                Owners.reference(second, false)));
        cluster.client.resource(shared).create();

        cluster.client.resource(first).delete();
        await().during(Cluster.RESYNC.multipliedBy(3)).atMost(Cluster.TIMEOUT).until(() -> configMap("shared") != null);

        cluster.client.resource(second).delete();
        await().atMost(Cluster.TIMEOUT).until(() -> configMap("shared") == null);
    }

    @Test
    void ownersOfClusterScopedOrUnknownKindsAreNotTakenForGone() {
        Namespace namespace = cluster.client.resource(new NamespaceBuilder().withNewMetadata().withName(NS)
                .endMetadata().build()).create();
        ConfigMap ofNamespace = newConfigMap("of-namespace");
        ofNamespace.getMetadata().setOwnerReferences(List.of(Owners.reference(namespace, false)));
        cluster.client.resource(ofNamespace).create();
        ConfigMap ofUnknown = newConfigMap("of-unknown");
        ofUnknown.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("example.com/v1")
                .withKind("Widget").withName("w").withUid("not-listed").build()));
        cluster.client.resource(ofUnknown).create();
        ConfigMap ofGone = newConfigMap("of-gone");
        ofGone.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("v1")
                .withKind("Secret").withName("gone").withUid("gone-uid").build()));
        cluster.client.resource(ofGone).create();

        await().atMost(Cluster.TIMEOUT).until(() -> configMap("of-gone") == null);
        await().during(Cluster.RESYNC.multipliedBy(3)).atMost(Cluster.TIMEOUT)
                .until(() -> configMap("of-namespace") != null && configMap("of-unknown") != null);
    }

    private ConfigMap configMap(String name) {
        return cluster.client.configMaps().inNamespace(NS).withName(name).get();
    }

    private static ConfigMap newConfigMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata().build();
    }
}
