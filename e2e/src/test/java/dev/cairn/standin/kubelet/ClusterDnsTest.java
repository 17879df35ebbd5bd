package dev.cairn.standin.kubelet;

import static dev.cairn.standin.kubelet.KubeletFixture.NAMESPACE;
import static dev.cairn.standin.kubelet.KubeletFixture.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class ClusterDnsTest {

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
    void podsAndServicesAreListedAndAJvmInAPodResolvesThem() throws Exception {
        client.services().inNamespace(NAMESPACE).resource(service("members", true)).create();
        client.services().inNamespace(NAMESPACE).resource(service("client", false)).create();
        fixture.create(member("m-0", "true"));
        fixture.create(member("m-1", "false"));
        Pod ready = fixture.awaitPod("m-0", Duration.ofSeconds(30), KubeletFixture::ready);
        Pod notReady = fixture.awaitPod("m-1", Duration.ofSeconds(30),
                pod -> pod.getStatus().getPodIP() != null && pod.getStatus().getContainerStatuses() != null
                        && container(pod).getState().getRunning() != null);
        String ip0 = ready.getStatus().getPodIP();
        String ip1 = notReady.getStatus().getPodIP();

        String expected = """
                127.0.0.1 localhost
                %1$s m-0.members.test.svc.cluster.local m-0.members.test.svc
                %2$s m-1.members.test.svc.cluster.local m-1.members.test.svc
                %1$s client.test.svc.cluster.local client.test.svc client.test
                %1$s members.test.svc.cluster.local members.test.svc members.test
                %2$s members.test.svc.cluster.local members.test.svc members.test
                """.formatted(ip0, ip1);
        await().atMost(Duration.ofSeconds(10)).until(() -> withoutComments(fixture.settings.hostsFile()),
                expected::equals);

        // A JVM started by the kubelet resolves through the file (JAVA_TOOL_OPTIONS), and sees a change at once.
        Path resolver = dir.resolve("Resolve.java");
        Files.writeString(resolver, """
                import java.net.InetAddress;
                public class Resolve {
                    public static void main(String[] args) throws Exception {
                        for (String name : args) {
                            System.out.println(name + " " + InetAddress.getByName(name).getHostAddress());
                        }
                        System.exit(1);
                    }
                }
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        fixture.create(new PodBuilder()
                .withNewMetadata().withName("resolver").endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("main").withImage("debian")
                .withCommand(java, resolver.toString(), "m-1.members.test.svc.cluster.local", "client.test",
                        "localhost")
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .endContainer()
                .endSpec().build());
        Pod resolved = fixture.awaitPod("resolver", Duration.ofSeconds(60),
                pod -> "Failed".equals(pod.getStatus().getPhase()));
        assertThat(KubeletFixture.container(resolved).getState().getTerminated().getMessage())
                .contains("m-1.members.test.svc.cluster.local " + ip1 + "\n")
                .contains("client.test " + ip0 + "\n")
                .contains("localhost 127.0.0.1\n");

        client.pods().inNamespace(NAMESPACE).withName("m-0").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> withoutComments(fixture.settings.hostsFile()),
                hosts -> !hosts.contains(ip0 + " "));
    }

    private static String withoutComments(Path file) throws IOException {
        return String.join("\n", Files.readAllLines(file).stream().filter(line -> !line.startsWith("#")).toList())
                + "\n";
    }

    private static Service service(String name, boolean publishNotReady) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withClusterIP(publishNotReady ? "None" : null)
                .withPublishNotReadyAddresses(publishNotReady)
                .addToSelector("app", "member")
                .addNewPort().withPort(80).endPort()
                .endSpec().build();
    }

    /** A member pod whose readiness probe passes or fails as told. */
    private static Pod member(String name, String readyCommand) {
        return new PodBuilder()
                .withNewMetadata().withName(name).addToLabels("app", "member").endMetadata()
                .withNewSpec().withHostname(name).withSubdomain("members").withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("main").withImage("debian").withCommand("sleep", "300")
                .withNewReadinessProbe().withNewExec().withCommand(readyCommand).endExec().withPeriodSeconds(1)
                .endReadinessProbe()
                .endContainer()
                .endSpec().build();
    }
}
