package dev.cairn.standin.kubelet;

import static dev.cairn.standin.kubelet.KubeletFixture.NAMESPACE;
import static dev.cairn.standin.kubelet.KubeletFixture.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real cairn member as the operator's StatefulSet runs it (plain HTTP here), reached with etcdctl. */
@EnableKubernetesMockClient(crud = true)
class CairnPodTest {

    KubernetesClient client;
    @TempDir
    Path dir;
    KubeletFixture fixture;

    @BeforeEach
    void startKubelet() throws IOException {
        assertThat(KubeletFixture.NODE_JAR).as("build the node first (bin/build)").isRegularFile();
        fixture = new KubeletFixture(client, dir);
    }

    @AfterEach
    void stopKubelet() {
        fixture.close();
    }

    @Test
    void aCairnMemberBecomesReadyThroughReadyzServesEtcdctlAndKeepsItsDataAcrossAKill() throws Exception {
        client.persistentVolumeClaims().inNamespace(NAMESPACE).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("data-member-0").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
                .build()).create();
        client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("bootstrap").endMetadata()
                .addToData("initial-cluster-state", "new").build()).create();
        fixture.create(new PodBuilder()
                .withNewMetadata().withName("member-0").endMetadata()
                .withNewSpec().withHostname("member-0").withSubdomain("members").withTerminationGracePeriodSeconds(10L)
                .addNewContainer().withName("cairn").withImage("cairn:0.1.0").withCommand("cairn")
                .withArgs(
                        "--name=$(POD_NAME)",
                        "--data-dir=/var/lib/etcd/data",
                        "--listen-client-urls=http://$(POD_IP):2379",
                        "--advertise-client-urls=http://$(POD_IP):2379",
                        "--listen-peer-urls=http://$(POD_IP):2380",
                        "--initial-advertise-peer-urls=http://$(POD_IP):2380",
                        "--listen-metrics-urls=http://$(POD_IP):2381",
                        "--initial-cluster=$(POD_NAME)=http://$(POD_IP):2380",
                        "--initial-cluster-state=$(INITIAL_CLUSTER_STATE)",
                        "--initial-cluster-token=test")
                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                .endFieldRef().endValueFrom().endEnv()
                .addToEnv(new EnvVarBuilder().withName("INITIAL_CLUSTER_STATE").withNewValueFrom()
                        .withNewConfigMapKeyRef().withName("bootstrap").withKey("initial-cluster-state")
                        .endConfigMapKeyRef().endValueFrom().build())
                .addNewPort().withName("client").withContainerPort(2379).endPort()
                .addNewPort().withName("metrics").withContainerPort(2381).endPort()
                .withStartupProbe(probe("/livez", 30))
                .withLivenessProbe(probe("/livez", 3))
                .withReadinessProbe(probe("/readyz", 3))
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/etcd").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("data-member-0")
                .endPersistentVolumeClaim().endVolume()
                .endSpec().build());

        Pod ready = fixture.awaitPod("member-0", Duration.ofSeconds(90), KubeletFixture::ready);
        String endpoint = "http://" + ready.getStatus().getPodIP() + ":2379";
        assertThat(etcdctl(endpoint, "put", "greeting", "hello")).isEqualTo("OK");
        assertThat(etcdctl(endpoint, "get", "greeting", "--print-value-only")).isEqualTo("hello");
        String claimUid = client.persistentVolumeClaims().inNamespace(NAMESPACE).withName("data-member-0").get()
                .getMetadata().getUid();
        assertThat(fixture.settings.workDir().resolve("claims").resolve(claimUid).resolve("data")).isDirectory();

        long pid = fixture.kubelet.pid(NAMESPACE, "member-0").orElseThrow();
        assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();

        Pod restarted = fixture.awaitPod("member-0", Duration.ofSeconds(90),
                pod -> container(pod).getRestartCount() == 1 && KubeletFixture.ready(pod));
        assertThat(container(restarted).getLastState().getTerminated().getExitCode()).isEqualTo(137);
        assertThat(restarted.getStatus().getPodIP()).isEqualTo(ready.getStatus().getPodIP());
        assertThat(etcdctl(endpoint, "get", "greeting", "--print-value-only")).isEqualTo("hello");
    }

    private static Probe probe(String path, int failureThreshold) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withNewPort("metrics").withScheme("HTTP")
                .endHttpGet().withPeriodSeconds(1).withTimeoutSeconds(3).withFailureThreshold(failureThreshold)
                .build();
    }

    private static String etcdctl(String endpoint, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("etcdctl", "--endpoints=" + endpoint,
                "--command-timeout=10s"));
        line.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        builder.environment().put("ETCDCTL_API", "3");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
