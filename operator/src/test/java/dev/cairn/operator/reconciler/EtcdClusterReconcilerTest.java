package dev.cairn.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.model.TlsSecrets;
import dev.cairn.operator.pki.Pem;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconciler against the fabric8 mock API server in CRUD mode (no schema defaulting: samples carry them). */
@EnableKubernetesMockClient(crud = true)
class EtcdClusterReconcilerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    KubernetesClient client;
    private Operator operator;

    @BeforeEach
    void startOperator() {
        // No pods run here: no member ever answers, so the cluster stays at its bootstrap.
        operator = OperatorUnderTest.start(client, Clock.systemUTC(),
                FakeEtcdAdmin.factory(new FakeEtcdCluster(1), new AtomicInteger()));
    }

    @AfterEach
    void stopOperator() {
        operator.stop();
    }

    @Test
    void bootstrapsANewClusterWithItsOwnedObjectsAndCertificates() {
        EtcdCluster created = client.resource(sample("three-members-defaults")).create();

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(statusGeneration("prod", "demo")).isEqualTo(
                created.getMetadata().getGeneration()));

        StatefulSet statefulSet = client.apps().statefulSets().inNamespace("prod").withName("demo").get();
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(3);
        assertThat(statefulSet.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid()));
        assertThat(client.services().inNamespace("prod").withName("demo-peer").get().getSpec()
                .getPublishNotReadyAddresses()).isTrue();
        assertThat(client.services().inNamespace("prod").withName("demo-client").get()).isNotNull();
        assertThat(client.policy().v1().podDisruptionBudget().inNamespace("prod").withName("demo").get()
                .getSpec().getMaxUnavailable().getIntVal()).isOne();
        ConfigMap bootstrap = client.configMaps().inNamespace("prod").withName("demo-bootstrap").get();
        assertThat(bootstrap.getData()).containsEntry("initial-cluster-state", "new").containsEntry("initial-cluster",
                "demo-0=https://demo-0.demo-peer.prod.svc:2380,demo-1=https://demo-1.demo-peer.prod.svc:2380,"
                        + "demo-2=https://demo-2.demo-peer.prod.svc:2380");

        X509Certificate ca = certificate("prod", "demo-ca");
        for (String leaf : List.of("demo-server-tls", "demo-peer-tls", "demo-operator-client-tls")) {
            X509Certificate certificate = certificate("prod", leaf);
            assertThat(certificate.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
            assertThat(secretValue("prod", leaf, TlsSecrets.CA_KEY)).isEqualTo(Pem.certificate(ca));
        }
        assertThat(client.resources(EtcdCluster.class).inNamespace("prod").withName("demo").get().getStatus()
                .getSelector()).isEqualTo("app.kubernetes.io/name=cairn,app.kubernetes.io/instance=demo");
    }

    @Test
    void keepsTheCaAndValidCertificatesAcrossReconciles() {
        client.resource(sample("three-members-defaults")).create();
        await().atMost(TIMEOUT).until(() -> statusGeneration("prod", "demo") != null);
        String ca = secretValue("prod", "demo-ca", TlsSecrets.CERTIFICATE_KEY);
        String server = secretValue("prod", "demo-server-tls", TlsSecrets.CERTIFICATE_KEY);

        EtcdCluster changed = client.resources(EtcdCluster.class).inNamespace("prod").withName("demo")
                .edit(cluster -> {
                    cluster.getSpec().getOptions().setSnapshotCount(5000L);
                    cluster.getMetadata().setGeneration(2L);
                    return cluster;
                });
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(statusGeneration("prod", "demo"))
                .isEqualTo(changed.getMetadata().getGeneration()));

        assertThat(client.apps().statefulSets().inNamespace("prod").withName("demo").get().getSpec().getTemplate()
                .getSpec().getContainers().getFirst().getArgs()).contains("--snapshot-count=5000");
        assertThat(secretValue("prod", "demo-ca", TlsSecrets.CERTIFICATE_KEY)).isEqualTo(ca);
        assertThat(secretValue("prod", "demo-server-tls", TlsSecrets.CERTIFICATE_KEY)).isEqualTo(server);
    }

    @Test
    void plainClusterGetsNoCertificates() {
        client.resource(sample("one-member-plain")).create();
        await().atMost(TIMEOUT).until(() -> statusGeneration("dev", "scratch") != null);

        assertThat(client.secrets().inNamespace("dev").list().getItems()).isEmpty();
        assertThat(client.policy().v1().podDisruptionBudget().inNamespace("dev").withName("scratch").get()
                .getSpec().getMaxUnavailable().getIntVal()).isZero();
    }

    @Test
    void resourceMissingSchemaDefaultsIsReportedAndRecoversWhenFixed() {
        EtcdCluster broken = sample("one-member-plain");
        broken.getSpec().setOptions(null);
        client.resource(broken).create();

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(degraded("dev", "scratch")).isNotNull());
        Condition condition = degraded("dev", "scratch");
        assertThat(condition.getStatus()).isEqualTo("True");
        assertThat(condition.getReason()).isEqualTo("InvalidSpec");
        assertThat(condition.getMessage()).startsWith("spec.options is missing although the CRD defaults it");
        assertThat(client.apps().statefulSets().inNamespace("dev").withName("scratch").get()).isNull();

        EtcdCluster fixed = client.resources(EtcdCluster.class).inNamespace("dev").withName("scratch")
                .edit(cluster -> {
                    cluster.getSpec().setOptions(sample("one-member-plain").getSpec().getOptions());
                    cluster.getMetadata().setGeneration(2L);
                    return cluster;
                });
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(statusGeneration("dev", "scratch"))
                .isEqualTo(fixed.getMetadata().getGeneration()));
        assertThat(degraded("dev", "scratch").getReason()).isNotEqualTo("InvalidSpec");
        assertThat(client.apps().statefulSets().inNamespace("dev").withName("scratch").get()).isNotNull();
    }

    @Test
    void replicasOutsideTheSchemaRangeAreReportedWithoutCreatingAnything() {
        EtcdCluster broken = sample("one-member-plain");
        broken.getSpec().setReplicas(12);
        client.resource(broken).create();

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(degraded("dev", "scratch")).isNotNull());
        assertThat(degraded("dev", "scratch").getReason()).isEqualTo("InvalidSpec");
        assertThat(degraded("dev", "scratch").getMessage()).isEqualTo("spec.replicas must be in 1..9, got 12");
        assertThat(client.apps().statefulSets().inNamespace("dev").withName("scratch").get()).isNull();
        assertThat(client.configMaps().inNamespace("dev").withName("scratch-bootstrap").get()).isNull();
    }

    @Test
    void aResourceWithoutSpecIsReported() {
        EtcdCluster broken = sample("one-member-plain");
        broken.setSpec(null);
        client.resource(broken).create();

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(degraded("dev", "scratch")).isNotNull());
        assertThat(degraded("dev", "scratch").getMessage()).startsWith("spec is missing");
    }

    private Condition degraded(String namespace, String name) {
        EtcdCluster cluster = client.resources(EtcdCluster.class).inNamespace(namespace).withName(name).get();
        if (cluster == null || cluster.getStatus() == null) {
            return null;
        }
        return cluster.getStatus().getConditions().stream().filter(c -> c.getType().equals("Degraded")).findFirst()
                .orElse(null);
    }

    private Long statusGeneration(String namespace, String name) {
        EtcdCluster cluster = client.resources(EtcdCluster.class).inNamespace(namespace).withName(name).get();
        return cluster == null || cluster.getStatus() == null ? null : cluster.getStatus().getObservedGeneration();
    }

    private X509Certificate certificate(String namespace, String secret) {
        return Pem.parseCertificate(secretValue(namespace, secret, TlsSecrets.CERTIFICATE_KEY));
    }

    private String secretValue(String namespace, String name, String key) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        assertThat(secret).as("Secret %s/%s", namespace, name).isNotNull();
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        return secret.getStringData().get(key);
    }

    private EtcdCluster sample(String name) {
        return OperatorUnderTest.sample(client, name);
    }
}
