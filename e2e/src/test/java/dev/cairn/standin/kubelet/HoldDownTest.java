package dev.cairn.standin.kubelet;

import static dev.cairn.standin.kubelet.KubeletFixture.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A held-down pod plays a failed node: killed, kept down past its restart back-off, and back once released. */
@EnableKubernetesMockClient(crud = true)
class HoldDownTest {

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
    void aHeldDownContainerIsKilledStaysDownUntilReleasedThenRestarts() {
        fixture.create(new PodBuilder()
                .withNewMetadata().withName("node-down").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("main").withImage("debian").withCommand("sleep", "300").endContainer()
                .endSpec().build());
        fixture.awaitPod("node-down", Duration.ofSeconds(30), KubeletFixture::ready);
        long pid = fixture.kubelet.pid(KubeletFixture.NAMESPACE, "node-down").orElseThrow();
        ProcessHandle first = ProcessHandle.of(pid).orElseThrow();

        fixture.kubelet.holdDown(KubeletFixture.NAMESPACE, "node-down");

        await().atMost(Duration.ofSeconds(10)).until(() -> !first.isAlive());
        fixture.awaitPod("node-down", Duration.ofSeconds(10), pod -> !KubeletFixture.ready(pod)
                && container(pod).getLastState().getTerminated() != null);
        // The first restart back-off is 1 s: three seconds without a process show the hold, not the back-off.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> fixture.kubelet.pid(KubeletFixture.NAMESPACE, "node-down").isEmpty());

        fixture.kubelet.release(KubeletFixture.NAMESPACE, "node-down");

        long restarted = await().atMost(Duration.ofSeconds(15)).until(
                () -> fixture.kubelet.pid(KubeletFixture.NAMESPACE, "node-down").orElse(-1), p -> p > 0);
        assertThat(restarted).isNotEqualTo(pid);
        fixture.awaitPod("node-down", Duration.ofSeconds(10), pod -> KubeletFixture.ready(pod)
                && container(pod).getRestartCount() == 1);
    }

    @Test
    void holdingDownAPodThatDoesNotRunHereIsRefused() {
        assertThatThrownBy(() -> fixture.kubelet.holdDown(KubeletFixture.NAMESPACE, "absent"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absent");
    }
}
