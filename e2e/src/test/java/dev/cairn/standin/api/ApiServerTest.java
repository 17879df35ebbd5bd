package dev.cairn.standin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the operator needs of the stand-in's API server, checked through a client built from the kubeconfig. */
@SuppressWarnings("unchecked")
class ApiServerTest {

    private static final Path CRD = Path.of("../crds/etcdclusters.cairn.dev-v1.yml");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ApiServer api = ApiServer.start(0);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void customResourcesInstalledThroughTheApiSupportTheOperatorsCalls() throws Exception {
        Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
            Manifests.apply(client, CRD);
            var clusters = client.genericKubernetesResources("cairn.dev/v1alpha1", "EtcdCluster").inNamespace("prod");
            List<String> events = new CopyOnWriteArrayList<>();
            try (var watch = clusters.watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, GenericKubernetesResource resource) {
                    events.add(action + " " + resource.getMetadata().getName());
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            })) {
                clusters.resource(etcdCluster("demo", 3)).create();
                Resource<GenericKubernetesResource> demo = clusters.withName("demo");

                // JOSDK writes status with a JSON merge patch on /status; lists are replaced, spec is untouched.
                demo.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"status\":{\"conditions\":[{\"type\":\"Progressing\",\"status\":\"True\"}]}}");
                GenericKubernetesResource patched = demo.subresource("status").patch(
                        PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":9},\"status\":{\"conditions\":"
                                + "[{\"type\":\"Available\",\"status\":\"True\"}],\"observedGeneration\":1}}");
                assertThat(conditions(patched)).containsExactly(Map.of("type", "Available", "status", "True"));
                assertThat(spec(patched)).containsEntry("replicas", 3);

                // A spec change bumps the generation and leaves the status alone; null removes a field.
                GenericKubernetesResource scaled = demo.patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"replicas\":5,\"image\":null},\"status\":{\"observedGeneration\":7}}");
                assertThat(scaled.getMetadata().getGeneration()).isEqualTo(2);
                assertThat(spec(scaled)).containsEntry("replicas", 5).doesNotContainKey("image");
                assertThat(((Map<?, ?>) scaled.getAdditionalProperties().get("status")).get("observedGeneration"))
                        .isEqualTo(1);

                demo.delete();
                await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events)
                        .containsSubsequence("ADDED demo", "MODIFIED demo", "MODIFIED demo", "MODIFIED demo",
                                "DELETED demo"));
            }
        }
    }

    @Test
    void storesTheKindsTheOperatorAndItsLeaderElectionWrite() {
        try (KubernetesClient client = api.newClient()) {
            List<HasMetadata> objects = List.of(
                    new LeaseBuilder().withNewMetadata().withName("cairn-operator").withNamespace("cairn-system")
                            .endMetadata().withNewSpec().withHolderIdentity("pod-a").withLeaseDurationSeconds(15)
                            .endSpec().build(),
                    new EventBuilder().withNewMetadata().withName("demo.1").withNamespace("prod").endMetadata()
                            .withReason("MemberAdded").withNote("demo-3 joined").build());
            for (HasMetadata object : objects) {
                client.resource(object).create();
                assertThat(client.resource(object).get()).as(object.getKind()).isNotNull();
            }
            var lease = client.leases().inNamespace("cairn-system").withName("cairn-operator");
            lease.edit(edited -> {
                edited.getSpec().setHolderIdentity("pod-b");
                return edited;
            });
            assertThat(lease.get().getSpec().getHolderIdentity()).isEqualTo("pod-b");
        }
    }

    @Test
    void customResourcesGetTheirSchemaDefaultsAsFromARealApiServer() {
        try (KubernetesClient client = api.newClient()) {
            Manifests.apply(client, CRD);
            var clusters = client.genericKubernetesResources("cairn.dev/v1alpha1", "EtcdCluster").inNamespace("prod");
            GenericKubernetesResource created = clusters.resource(etcdCluster("demo", 3)).create();

            Map<String, Object> health = (Map<String, Object>) spec(created).get("healthPolicy");
            assertThat(health).as("a defaulted object gets its own defaults").containsEntry(
                    "unhealthySecondsBeforeReplacement", 300);
            assertThat(spec(created)).containsEntry("replicas", 3).containsKey("options");

            GenericKubernetesResource patched = clusters.withName("demo").patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"spec\":{\"healthPolicy\":null}}");
            assertThat((Map<String, Object>) spec(patched).get("healthPolicy"))
                    .containsEntry("unhealthySecondsBeforeReplacement", 300);
        }
    }

    @Test
    void rulesReviewsAnswerThatEverythingIsAllowedAsJosdkAsksBeforeLeaderElection() {
        try (KubernetesClient client = api.newClient()) {
            SelfSubjectRulesReview review = client.authorization().v1().selfSubjectRulesReview()
                    .create(new SelfSubjectRulesReviewBuilder().withNewSpec().withNamespace("cairn-system").endSpec()
                            .build());
            assertThat(review.getStatus().getResourceRules()).singleElement().satisfies(rule -> {
                assertThat(rule.getApiGroups()).containsExactly("*");
                assertThat(rule.getResources()).containsExactly("*");
                assertThat(rule.getVerbs()).containsExactly("*");
            });
            SelfSubjectAccessReview access = client.authorization().v1().selfSubjectAccessReview()
                    .create(new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
                            .withGroup("coordination.k8s.io").withResource("leases").withVerb("update")
                            .endResourceAttributes().endSpec().build());
            assertThat(access.getStatus().getAllowed()).isTrue();
            assertThat(client.genericKubernetesResources("authorization.k8s.io/v1", "SelfSubjectRulesReview").list()
                    .getItems()).as("reviews are answers, never stored").isEmpty();
        }
    }

    @Test
    void aFileThatIsNoManifestIsRefusedByName() throws Exception {
        Path notYaml = Files.writeString(dir.resolve("bad.yaml"), "kind: [unclosed");
        try (KubernetesClient client = api.newClient()) {
            assertThatThrownBy(() -> Manifests.apply(client, notYaml)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bad.yaml is not a Kubernetes manifest");
            assertThatThrownBy(() -> Manifests.apply(client, dir.resolve("missing.yaml")))
                    .hasMessageContaining("no manifest file");
        }
    }

    private static GenericKubernetesResource etcdCluster(String name, int replicas) {
        return new GenericKubernetesResourceBuilder().withApiVersion("cairn.dev/v1alpha1").withKind("EtcdCluster")
                .withNewMetadata().withName(name).withNamespace("prod").endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("replicas", replicas, "image", "cairn:custom")))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> conditions(GenericKubernetesResource resource) {
        return (List<Map<String, Object>>) ((Map<String, Object>) resource.getAdditionalProperties().get("status"))
                .get("conditions");
    }
}
