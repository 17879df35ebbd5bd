package dev.cairn.standin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.standin.api.ApiServer;
import dev.cairn.standin.api.Manifests;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeTest {

    private static final Path SAMPLE = Path.of("../manifests/samples/etcdcluster.yaml");

    private final ApiServer api = ApiServer.start(0);
    private final KubernetesClient client = api.newClient();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    @Test
    void appliesGetsScalesAndDeletesAnEtcdCluster() {
        Manifests.apply(client, Path.of("../crds/etcdclusters.cairn.dev-v1.yml"));
        String kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig")).toString();

        assertThat(kube(kubeconfig, "apply", "-f", SAMPLE.toString())).isZero();
        assertThat(output()).contains("etcdcluster/demo applied");

        assertThat(kube(kubeconfig, "get", "etcdclusters")).isZero();
        assertThat(output()).startsWith("NAME").contains("DESIRED").containsPattern("demo\\s+3\\s+");

        assertThat(kube(kubeconfig, "scale", "etcdcluster", "demo", "--replicas=5")).isZero();
        assertThat(spec().get("replicas")).isEqualTo(5);

        assertThat(kube(kubeconfig, "get", "etcdc", "demo", "-o", "yaml")).isZero();
        assertThat(output()).contains("kind: \"EtcdCluster\"").contains("replicas: 5");

        assertThat(kube(kubeconfig, "get", "pods,pvc", "-n", "default")).isZero();
        assertThat(output()).contains("No pods found in default namespace.");

        assertThat(kube(kubeconfig, "delete", "etcdcluster", "demo")).isZero();
        assertThat(client.genericKubernetesResources("cairn.dev/v1alpha1", "EtcdCluster").inNamespace("default")
                .withName("demo").get()).isNull();
    }

    @Test
    void badCommandsAreRefusedWithTheReason() {
        String kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig")).toString();
        assertThat(kube(kubeconfig, "get", "nodes")).isOne();
        assertThat(errors()).contains("unknown resource type nodes");
        assertThat(kube(kubeconfig, "scale", "etcdcluster", "demo", "--replicas=x")).isEqualTo(2);
        assertThat(errors()).contains("--replicas takes a number, got x");
        assertThat(Kube.run(new String[] {"get", "pods"}, null, new PrintStream(out), new PrintStream(err)))
                .isEqualTo(2);
        assertThat(errors()).contains("no kubeconfig");
        assertThat(kube(kubeconfig, "delete", "etcdcluster", "missing")).isOne();
        assertThat(errors()).contains("the API server does not serve EtcdCluster").contains("CRD");
        Manifests.apply(client, Path.of("../crds/etcdclusters.cairn.dev-v1.yml"));
        assertThat(kube(kubeconfig, "delete", "etcdcluster", "missing")).isOne();
        assertThat(errors()).contains("EtcdCluster default/missing not found");
    }

    private int kube(String kubeconfig, String... args) {
        out.reset();
        err.reset();
        return Kube.run(args, kubeconfig, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        String text = err.toString(StandardCharsets.UTF_8);
        err.reset();
        return text;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> spec() {
        GenericKubernetesResource demo = client.genericKubernetesResources("cairn.dev/v1alpha1", "EtcdCluster")
                .inNamespace("default").withName("demo").get();
        return (Map<String, Object>) demo.getAdditionalProperties().get("spec");
    }
}
