package dev.cairn.standin.kubelet;

import static dev.cairn.standin.kubelet.KubeletFixture.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
        assertThat(ip).matches("127\\.[0-9]+\\.[0-9]+\\.2").doesNotStartWith("127.0.0.");
        assertThat(ready.getStatus().getPhase()).isEqualTo("Running");
        assertThat(container(ready).getReady()).as(ready.getStatus().toString()).isTrue();
        assertThat(container(ready).getState().getRunning()).isNotNull();
        assertThat(fixture.kubelet.pid(KubeletFixture.NAMESPACE, "web")).isPresent();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + ip + ":8080/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void envFieldRefsConfigMapsSecretsVolumesAndInitContainersReachTheProcess() throws Exception {
        client.configMaps().inNamespace(KubeletFixture.NAMESPACE).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("settings").endMetadata()
                .addToData("greeting", "hello").build()).create();
        client.secrets().inNamespace(KubeletFixture.NAMESPACE).resource(new SecretBuilder()
                .withNewMetadata().withName("creds").endMetadata()
                .addToData("token", base64("s3cret")).build()).create();
        String script = "env > /out/env; cat /etc/creds/nested/token > /out/token;"
                + " stat -c %a /etc/creds/nested/token > /out/mode; cat /out/init > /out/seen-init;"
                + " echo \"$1\" > /out/arg; pwd > /out/pwd";
        Pod created = fixture.create(new PodBuilder()
                .withNewMetadata().withName("env").endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .addNewInitContainer().withName("init").withImage("debian")
                .withCommand("sh", "-c", "echo initialized > /out/init")
                .addNewVolumeMount().withName("out").withMountPath("/out").endVolumeMount()
                .endInitContainer()
                .addNewContainer().withName("main").withImage("debian").withWorkingDir("/out")
                .withCommand("sh", "-c", script, "sh")
                .withArgs("$(GREETING)-$(POD_NAME)")
                .withEnv(
                        field("POD_NAME", "metadata.name"),
                        field("POD_NAMESPACE", "metadata.namespace"),
                        field("POD_IP", "status.podIP"),
                        field("NODE", "spec.nodeName"),
                        new EnvVarBuilder().withName("GREETING").withNewValueFrom().withNewConfigMapKeyRef()
                                .withName("settings").withKey("greeting").endConfigMapKeyRef().endValueFrom().build(),
                        new EnvVarBuilder().withName("TOKEN").withNewValueFrom().withNewSecretKeyRef()
                                .withName("creds").withKey("token").endSecretKeyRef().endValueFrom().build(),
                        new EnvVarBuilder().withName("ABSENT").withNewValueFrom().withNewSecretKeyRef()
                                .withName("no-such-secret").withKey("x").withOptional(true).endSecretKeyRef()
                                .endValueFrom().build(),
                        new EnvVarBuilder().withName("COMBINED")
                                .withValue("$(GREETING)/$(POD_NAME)/$$(POD_NAME)/$(UNDEFINED)").build(),
                        new EnvVarBuilder().withName("DATA_FILE").withValue("/out/data.txt").build())
                .addNewVolumeMount().withName("out").withMountPath("/out").endVolumeMount()
                .addNewVolumeMount().withName("creds").withMountPath("/etc/creds").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("out").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("creds").withNewSecret().withSecretName("creds")
                .addNewItem().withKey("token").withPath("nested/token").withMode(0400).endItem()
                .endSecret().endVolume()
                .endSpec().build());

        Pod done = fixture.awaitPod("env", Duration.ofSeconds(30),
                pod -> "Succeeded".equals(pod.getStatus().getPhase()));

        Path out = fixture.emptyDir(created, "out");
        Map<String, String> env = Files.readAllLines(out.resolve("env")).stream()
                .filter(line -> line.contains("="))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')),
                        line -> line.substring(line.indexOf('=') + 1), (a, b) -> b));
        assertThat(env).containsEntry("POD_NAME", "env")
                .containsEntry("POD_NAMESPACE", "test")
                .containsEntry("POD_IP", done.getStatus().getPodIP())
                .containsEntry("NODE", "stand-in")
                .containsEntry("GREETING", "hello")
                .containsEntry("TOKEN", "s3cret")
                .containsEntry("COMBINED", "hello/env/$(POD_NAME)/$(UNDEFINED)")
                .containsEntry("DATA_FILE", out + "/data.txt")
                .containsEntry("KUBECONFIG", fixture.settings.kubeconfig().toString())
                .containsEntry("HOSTNAME", "env")
                .doesNotContainKey("ABSENT");
        assertThat(env.get("JAVA_TOOL_OPTIONS")).contains("-Djdk.net.hosts.file=" + fixture.settings.hostsFile());
        assertThat(Files.readString(out.resolve("token"))).isEqualTo("s3cret");
        assertThat(Files.readString(out.resolve("mode")).trim()).isEqualTo("400");
        assertThat(Files.readString(out.resolve("seen-init")).trim()).isEqualTo("initialized");
        assertThat(Files.readString(out.resolve("arg")).trim()).isEqualTo("hello-env");
        assertThat(Path.of(Files.readString(out.resolve("pwd")).trim())).isEqualTo(out.toRealPath());
        assertThat(done.getStatus().getInitContainerStatuses().getFirst().getState().getTerminated().getExitCode())
                .isZero();
        assertThat(container(done).getState().getTerminated().getReason()).isEqualTo("Completed");
    }

    @Test
    void anExitedContainerRestartsAndReportsTheTailOfItsLog() {
        fixture.create(new PodBuilder()
                .withNewMetadata().withName("crash").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("crash").withImage("debian")
                .withCommand("sh", "-c", "echo starting; echo boom >&2; exit 3")
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .endContainer()
                .endSpec().build());

        Pod restarted = fixture.awaitPod("crash", Duration.ofSeconds(30),
                pod -> container(pod).getRestartCount() >= 1
                        && container(pod).getLastState().getTerminated() != null);

        var last = container(restarted).getLastState().getTerminated();
        assertThat(last.getExitCode()).isEqualTo(3);
        assertThat(last.getReason()).isEqualTo("Error");
        assertThat(last.getMessage()).isEqualTo("starting\nboom\n");
        assertThat(restarted.getStatus().getPhase()).isEqualTo("Running");
        // Between runs (during the back-off) the log holds the whole last run.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> Files.readString(
                fixture.kubelet.logFile(KubeletFixture.NAMESPACE, "crash", "crash").orElseThrow()),
                "starting\nboom\n"::equals);
    }

    @Test
    void aFileTerminationMessageIsReadFromTheMappedPathAndNeverRestartsFailsThePod() {
        fixture.create(new PodBuilder()
                .withNewMetadata().withName("message").endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("main").withImage("debian")
                .withCommand("sh", "-c", "echo 'out of cheese' > /dev/termination-log; exit 1")
                .endContainer()
                .endSpec().build());

        Pod failed = fixture.awaitPod("message", Duration.ofSeconds(30),
                pod -> "Failed".equals(pod.getStatus().getPhase()));

        var terminated = container(failed).getState().getTerminated();
        assertThat(terminated.getExitCode()).isEqualTo(1);
        assertThat(terminated.getMessage()).isEqualTo("out of cheese\n");
        assertThat(container(failed).getRestartCount()).isZero();
        assertThat(KubeletFixture.ready(failed)).isFalse();
    }

    @Test
    void aFailingLivenessProbeRestartsTheContainer() {
        fixture.create(new PodBuilder()
                .withNewMetadata().withName("unhealthy").endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("main").withImage("debian").withCommand("sleep", "300")
                .withNewLivenessProbe().withNewExec().withCommand("sh", "-c", "exit 1").endExec()
                .withPeriodSeconds(1).withFailureThreshold(2).endLivenessProbe()
                .endContainer()
                .endSpec().build());

        Pod restarted = fixture.awaitPod("unhealthy", Duration.ofSeconds(30),
                pod -> container(pod).getRestartCount() >= 1);

        var last = container(restarted).getLastState().getTerminated();
        assertThat(last.getExitCode()).isEqualTo(143);
        assertThat(last.getMessage()).startsWith("liveness probe failed");
    }

    @Test
    void deletingAPodStopsItsProcessesAfterTheGracePeriodAndReleasesItsDirectoriesAndIp() throws Exception {
        Pod created = fixture.create(new PodBuilder()
                .withNewMetadata().withName("stubborn").endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("main").withImage("debian")
                .withCommand("sh", "-c", "trap '' TERM; sleep 300 & wait; sleep 300")
                .addNewVolumeMount().withName("scratch").withMountPath("/scratch").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build());
        Pod running = fixture.awaitPod("stubborn", Duration.ofSeconds(30),
                pod -> container(pod).getState().getRunning() != null);
        long pid = fixture.kubelet.pid(KubeletFixture.NAMESPACE, "stubborn").orElseThrow();
        ProcessHandle shell = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> children = await().atMost(Duration.ofSeconds(10))
                .until(() -> shell.children().toList(), list -> !list.isEmpty());
        assertThat(Files.isDirectory(fixture.emptyDir(created, "scratch"))).isTrue();

        client.pods().inNamespace(KubeletFixture.NAMESPACE).withName("stubborn").delete();

        await().atMost(Duration.ofSeconds(15)).until(() -> !shell.isAlive()
                && children.stream().noneMatch(ProcessHandle::isAlive));
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(fixture.emptyDir(created, "scratch")));
        assertThat(fixture.kubelet.pid(KubeletFixture.NAMESPACE, "stubborn")).isEmpty();

        fixture.create(new PodBuilder()
                .withNewMetadata().withName("next").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("main").withImage("debian").withCommand("sleep", "300").endContainer()
                .endSpec().build());
        Pod next = fixture.awaitPod("next", Duration.ofSeconds(30), pod -> pod.getStatus().getPodIP() != null);
        assertThat(next.getStatus().getPodIP()).isEqualTo(running.getStatus().getPodIP());
    }

    @Test
    void anUnknownImageWaitsWithErrImagePull() {
        fixture.create(new PodBuilder()
                .withNewMetadata().withName("nowhere").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("main").withImage("registry.example/unknown:1").endContainer()
                .endSpec().build());

        Pod waiting = fixture.awaitPod("nowhere", Duration.ofSeconds(30),
                pod -> container(pod).getState().getWaiting() != null
                        && "ErrImagePull".equals(container(pod).getState().getWaiting().getReason()));

        assertThat(container(waiting).getState().getWaiting().getMessage())
                .contains("registry.example/unknown:1");
    }

    @Test
    void readinessFollowsAnExecProbeWhoseCommandSeesTheMountedPaths() throws Exception {
        Pod created = fixture.create(new PodBuilder()
                .withNewMetadata().withName("flag").endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("main").withImage("debian").withCommand("sleep", "300")
                .withNewReadinessProbe().withNewExec().withCommand("test", "-f", "/flags/ready").endExec()
                .withPeriodSeconds(1).withFailureThreshold(1).endReadinessProbe()
                .addNewVolumeMount().withName("flags").withMountPath("/flags").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("flags").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build());
        fixture.awaitPod("flag", Duration.ofSeconds(30), pod -> pod.getStatus().getContainerStatuses() != null
                && container(pod).getState().getRunning() != null);
        assertThat(KubeletFixture.ready(fixture.get("flag"))).isFalse();
        Path flag = fixture.emptyDir(created, "flags").resolve("ready");

        Files.writeString(flag, "");
        fixture.awaitPod("flag", Duration.ofSeconds(30), KubeletFixture::ready);

        Files.delete(flag);
        Pod unready = fixture.awaitPod("flag", Duration.ofSeconds(30), pod -> !KubeletFixture.ready(pod));
        assertThat(container(unready).getReady()).isFalse();
        assertThat(container(unready).getRestartCount()).isZero();
    }

    @Test
    void aFailingStartupProbeRestartsTheContainer() {
        fixture.create(new PodBuilder()
                .withNewMetadata().withName("slow").endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("main").withImage("debian").withCommand("sleep", "300")
                .withNewStartupProbe().withNewTcpSocket().withNewPort(9).endTcpSocket()
                .withPeriodSeconds(1).withFailureThreshold(2).endStartupProbe()
                .endContainer()
                .endSpec().build());

        Pod restarted = fixture.awaitPod("slow", Duration.ofSeconds(30),
                pod -> container(pod).getRestartCount() >= 1);

        assertThat(container(restarted).getLastState().getTerminated().getMessage())
                .startsWith("startup probe failed");
        assertThat(KubeletFixture.ready(restarted)).isFalse();
    }

    @Test
    void aContainerWaitsForAMissingConfigMapAndStartsOnceItExists() {
        fixture.create(new PodBuilder()
                .withNewMetadata().withName("patient").endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("main").withImage("debian")
                .withCommand("sh", "-c", "echo $(STATE) > /dev/termination-log")
                .addToEnv(new EnvVarBuilder().withName("STATE").withNewValueFrom().withNewConfigMapKeyRef()
                        .withName("later").withKey("state").endConfigMapKeyRef().endValueFrom().build())
                .endContainer()
                .endSpec().build());
        Pod waiting = fixture.awaitPod("patient", Duration.ofSeconds(30),
                pod -> pod.getStatus().getContainerStatuses() != null
                        && container(pod).getState().getWaiting() != null
                        && "CreateContainerConfigError".equals(container(pod).getState().getWaiting().getReason()));
        assertThat(container(waiting).getState().getWaiting().getMessage()).contains("later");

        client.configMaps().inNamespace(KubeletFixture.NAMESPACE).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("later").endMetadata().addToData("state", "existing").build()).create();

        Pod done = fixture.awaitPod("patient", Duration.ofSeconds(30),
                pod -> "Succeeded".equals(pod.getStatus().getPhase()));
        assertThat(container(done).getState().getTerminated().getMessage()).isEqualTo("existing\n");
    }

    private static EnvVar field(String name, String path) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path)
                .endFieldRef().endValueFrom().build();
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
