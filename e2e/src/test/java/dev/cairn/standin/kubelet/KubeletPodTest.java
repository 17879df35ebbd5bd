package dev.cairn.standin.kubelet;

import static dev.cairn.standin.kubelet.KubeletFixture.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class KubeletPodTest {

    KubernetesClient client;
    @TempDir
    Path dir;
    KubeletFixture fixture;

    @BeforeEach
    void startKubelet() throws IOException {
        fixture = new KubeletFixture(client, dir);
    }

    @AfterEach
    void stopKubelet() {
        fixture.close();
    }

    @Test
    void aPodGetsALoopbackIpRunsAndBecomesReadyThroughItsHttpProbe() throws Exception {
        fixture.create(new PodBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("web").withImage("debian:12")
                .withCommand("/usr/bin/python3", "-m", "http.server", "--bind", "$(POD_IP)", "8080")
                .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                .endFieldRef().endValueFrom().endEnv()
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/").withNewPort("http").endHttpGet()
                .withPeriodSeconds(1).endReadinessProbe()
                .endContainer()
                .endSpec().build());

        Pod ready = fixture.awaitPod("web", Duration.ofSeconds(30), KubeletFixture::ready);

        String ip = ready.getStatus().getPodIP();
        assertThat(ip).isEqualTo("127.0.0.2");
        assertThat(ready.getStatus().getPhase()).isEqualTo("Running");
        assertThat(container(ready).getReady()).as(ready.getStatus().toString()).isTrue();
        assertThat(container(ready).getState().getRunning()).isNotNull();
        assertThat(fixture.kubelet.pid(KubeletFixture.NAMESPACE, "web")).isPresent();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + ip + ":8080/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }
}
