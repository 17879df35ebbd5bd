package dev.cairn.standin.kubelet;

import static dev.cairn.standin.kubelet.KubeletFixture.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class PortForwardTest {

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
    void connectionsGoToTheReadyPodsOfTheServiceInTurn() throws Exception {
        client.services().inNamespace(NAMESPACE).resource(new ServiceBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().addToSelector("app", "web")
                .addNewPort().withPort(80).withNewTargetPort("http").endPort()
                .endSpec().build()).create();
        fixture.create(web("web-a"));
        fixture.create(web("web-b"));
        fixture.awaitPod("web-a", Duration.ofSeconds(30), KubeletFixture::ready);
        fixture.awaitPod("web-b", Duration.ofSeconds(30), KubeletFixture::ready);

        Set<String> answered = new HashSet<>();
        int localPort;
        try (PortForward forward = PortForward.toService(client, NAMESPACE, "web", 80)) {
            localPort = forward.localPort();
            for (int i = 0; i < 4; i++) {
                // A fresh client, so a fresh connection: the forwarder picks the pod per connection.
                try (HttpClient http = HttpClient.newHttpClient()) {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + localPort + "/name")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                    answered.add(response.body().trim());
                }
            }
        }

        assertThat(answered).containsExactlyInAnyOrder("web-a", "web-b");
        assertThatThrownBy(() -> new Socket("127.0.0.1", localPort).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void anUnknownServiceOrPortIsRefused() {
        assertThatThrownBy(() -> PortForward.toService(client, NAMESPACE, "missing", 80))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
        client.services().inNamespace(NAMESPACE).resource(new ServiceBuilder()
                .withNewMetadata().withName("one").endMetadata()
                .withNewSpec().addToSelector("app", "one").addNewPort().withPort(80).endPort().endSpec()
                .build()).create();
        assertThatThrownBy(() -> PortForward.toService(client, NAMESPACE, "one", 81))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("81");
    }

    /** Serves its own name at /name from an emptyDir, on its pod IP. */
    private static Pod web(String name) {
        return new PodBuilder()
                .withNewMetadata().withName(name).addToLabels("app", "web").endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("web").withImage("debian")
                .withCommand("sh", "-c", "echo $(POD_NAME) > /srv/name && cd /srv"
                        + " && exec /usr/bin/python3 -m http.server --bind $(POD_IP) 8080")
                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                .endFieldRef().endValueFrom().endEnv()
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .withNewReadinessProbe().withNewTcpSocket().withNewPort("http").endTcpSocket().withPeriodSeconds(1)
                .endReadinessProbe()
                .addNewVolumeMount().withName("srv").withMountPath("/srv").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("srv").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build();
    }
}
