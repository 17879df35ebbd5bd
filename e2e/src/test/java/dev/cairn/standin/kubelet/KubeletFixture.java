package dev.cairn.standin.kubelet;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/** A kubelet against a mock API server, with a host-command image {@code debian} and the cairn images. */
final class KubeletFixture implements AutoCloseable {

    static final String NAMESPACE = "test";
    static final Path NODE_JAR = Path.of("..", "node", "target", "cairn.jar").toAbsolutePath().normalize();

    final KubernetesClient client;
    final KubeletSettings settings;
    final Kubelet kubelet;

    KubeletFixture(KubernetesClient client, Path dir) throws IOException {
        this.client = client;
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\n");
        Path javaHome = Path.of(System.getProperty("java.home"));
        Images images = Images.cairn(NODE_JAR, dir.resolve("no-operator.jar"), javaHome)
                .with(Map.of("debian", Image.host()));
        this.settings = new KubeletSettings(dir.resolve("work"), dir.resolve("hosts"), kubeconfig, images);
        this.kubelet = new Kubelet(client, settings);
        kubelet.start();
    }

    Pod create(Pod pod) {
        return client.pods().inNamespace(NAMESPACE).resource(pod).create();
    }

    Pod get(String name) {
        return client.pods().inNamespace(NAMESPACE).withName(name).get();
    }

    Pod awaitPod(String name, Duration timeout, Predicate<Pod> condition) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> get(name), pod -> pod != null && condition.test(pod));
    }

    static boolean ready(Pod pod) {
        return HostsFile.ready(pod);
    }

    static ContainerStatus container(Pod pod) {
        return pod.getStatus().getContainerStatuses().getFirst();
    }

    /** The host directory of a pod's emptyDir volume. */
    Path emptyDir(Pod pod, String volume) {
        return PodDirs.of(settings.workDir(), pod.getMetadata().getUid()).volumes().resolve(volume);
    }

    @Override
    public void close() {
        kubelet.close();
    }
}
